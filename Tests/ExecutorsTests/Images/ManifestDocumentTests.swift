import Testing
@testable import Executors

@Suite struct ManifestDocumentTests {
    static let hexA = String(repeating: "a", count: 64)
    static let hexB = String(repeating: "b", count: 64)
    static let hexC = String(repeating: "c", count: 64)

    static func entry(_ hex: String, _ os: String, _ architecture: String, variant: String? = nil) -> String {
        let variantField = variant.map { #","variant":"\#($0)""# } ?? ""
        return #"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:\#(hex)","size":1,"platform":{"os":"\#(os)","architecture":"\#(architecture)"\#(variantField)}}"#
    }

    @Test func picksLinuxAMD64FromAnIndexAndSkipsAttestations() throws {
        let json = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[\#(Self.entry(Self.hexA, "linux", "arm64", variant: "v8")),\#(Self.entry(Self.hexB, "unknown", "unknown")),\#(Self.entry(Self.hexC, "linux", "amd64"))]}"#
        guard case .index(let index) = try ManifestDocument(decoding: Array(json.utf8), contentType: nil, source: "test") else {
            Issue.record("not read as an index")
            return
        }
        #expect(index.manifest(for: .linuxAMD64)?.digest.hex == Self.hexC)
        #expect(index.manifest(for: Platform(os: "linux", architecture: "arm64", variant: "v8"))?.digest.hex == Self.hexA)
        #expect(index.manifest(for: Platform(os: "windows", architecture: "amd64")) == nil)
    }

    @Test func aDockerListWithoutMediaTypeInTheBodyIsKnownByContentType() throws {
        let json = #"{"schemaVersion":2,"manifests":[\#(Self.entry(Self.hexA, "linux", "amd64", variant: "v3")),\#(Self.entry(Self.hexB, "linux", "amd64"))]}"#
        let document = try ManifestDocument(decoding: Array(json.utf8), contentType: ManifestMediaType.dockerList, source: "test")
        guard case .index(let index) = document else {
            Issue.record("not read as an index")
            return
        }
        #expect(index.manifest(for: .linuxAMD64)?.digest.hex == Self.hexB, "no variant beats another variant")
    }

    @Test func readsAnImageManifest() throws {
        let json = #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:\#(Self.hexA)","size":7},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"sha256:\#(Self.hexB)","size":9}]}"#
        let document = try ManifestDocument(decoding: Array(json.utf8), contentType: nil, source: "test")
        #expect(document == .image(ImageManifest(
            config: Descriptor(mediaType: "application/vnd.docker.container.image.v1+json", digest: try Digest(parsing: "sha256:\(Self.hexA)"), size: 7),
            layers: [Descriptor(mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", digest: try Digest(parsing: "sha256:\(Self.hexB)"), size: 9)])))
    }

    @Test func refusesSchema1AndMissingFields() {
        #expect(throws: ImageError.self) { try ManifestDocument(decoding: Array(#"{"schemaVersion":1,"fsLayers":[]}"#.utf8), contentType: nil, source: "test") }
        #expect(throws: ImageError.self) { try ManifestDocument(decoding: Array(#"{"schemaVersion":2,"layers":[]}"#.utf8), contentType: nil, source: "test") }
        #expect(throws: ImageError.self) { try ManifestDocument(decoding: Array("not json".utf8), contentType: nil, source: "test") }
    }

    @Test func readsTheImageConfig() throws {
        let json = #"{"os":"linux","architecture":"amd64","config":{"Env":["PATH=/bin","A=b"],"WorkingDir":"/w","User":"1000:1000","Entrypoint":["/init"],"Cmd":["sh"]}}"#
        let config = try ImageConfig(decoding: Array(json.utf8), source: "test")
        #expect(config == ImageConfig(environment: ["PATH=/bin", "A=b"], workingDirectory: "/w", user: "1000:1000",
                                      entrypoint: ["/init"], command: ["sh"], os: "linux", architecture: "amd64"))
    }

    @Test func refusesDigestsThatAreNotSHA256Hex() {
        #expect(throws: ImageError.self) { try Digest(parsing: "sha512:\(Self.hexA)") }
        #expect(throws: ImageError.self) { try Digest(parsing: "sha256:\(Self.hexA.uppercased())") }
        #expect(throws: ImageError.self) { try Digest(parsing: "sha256:../../etc") }
        #expect(Digest(of: Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
