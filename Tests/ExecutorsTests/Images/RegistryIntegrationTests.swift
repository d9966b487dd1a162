import Foundation
import TestSupport
import Testing
@testable import Executors

/// Pulls from the real registry of the test bed (Debian's docker-registry on 127.0.0.1:5000 with the busybox-static
/// image that `scripts/testbed up` builds and pushes). The tests start the test bed when it is not up; without root
/// they are skipped, since the test bed installs packages.
@Suite(.enabled("needs the test bed's registry: run as root, or start it with `scripts/testbed up registry`") { await TestBed.registryReady() })
struct RegistryIntegrationTests {
    let scratch: TemporaryDirectory
    let store: ImageStore

    init() throws {
        scratch = try TemporaryDirectory()
        store = ImageStore(layers: try LayerStore(root: "\(scratch.path)/store"))
    }

    @Test(arguments: ["latest", "v2s2"])
    func pullsAndUnpacksTheBusyboxImage(tag: String) async throws {
        let pulled = try await store.pull("\(TestBed.registry)/test/busybox:\(tag)")
        let mediaType = pulled.image.manifest.layers.first?.mediaType ?? ""
        #expect(mediaType.contains(tag == "latest" ? "vnd.oci" : "vnd.docker"))
        #expect(pulled.config.environment.contains("PATH=/bin"))
        #expect(pulled.config.command == ["/bin/sh"])
        let layer = try #require(pulled.layerDirectories.last)
        var info = stat()
        #expect(stat("\(layer)/bin/busybox", &info) == 0 && info.st_mode & 0o111 != 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(layer)/bin/sh") == "busybox")
        if geteuid() == 0 {
            #expect(info.st_uid == LayerUnpacker.sandboxIDOffset, "root-owned image files belong to the sandbox's root")
            let output = Pipe()
            let chroot = Process()
            chroot.executableURL = URL(fileURLWithPath: "/usr/sbin/chroot")
            chroot.arguments = [layer, "/bin/sh", "-c", "echo unpacked ok"]
            chroot.standardOutput = output
            try chroot.run()
            chroot.waitUntilExit()
            #expect(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "unpacked ok\n")
        }
    }

    @Test func concurrentPullsShareTheStore() async throws {
        let store = store
        async let first = store.pull("\(TestBed.registry)/test/busybox:latest")
        async let second = store.pull("\(TestBed.registry)/test/busybox:latest")
        let (a, b) = try await (first, second)
        #expect(a.layerDirectories == b.layerDirectories)
    }

    /// Pushes a two-platform index made of the busybox image and a made-up arm64 one, then pulls the index.
    @Test func picksLinuxAMD64FromAPushedIndex() async throws {
        let busybox = try await store.pull("\(TestBed.registry)/test/busybox:latest")
        let picked = try await onOwnThread { () throws(ImageError) -> Digest in
            let client = RegistryClient(registry: TestBed.registry)
            let manifest = try client.manifest("test/busybox", "latest", expected: nil)
            guard case .image(let image) = manifest.0 else { throw ImageError(.invalidContent, "busybox is not a single manifest") }
            let armConfig = try client.pushBlob("test/multi", Array(#"{"os":"linux","architecture":"arm64"}"#.utf8),
                                                mediaType: "application/vnd.oci.image.config.v1+json")
            let layer = try client.blobBytes("test/busybox", image.layers[0], limit: 16 << 20)
            try client.pushBlob("test/multi", layer, mediaType: image.layers[0].mediaType)
            try client.pushBlob("test/multi", try client.blobBytes("test/busybox", image.config, limit: 1 << 20), mediaType: image.config.mediaType)
            let layers = #"[{"mediaType":"\#(image.layers[0].mediaType)","digest":"\#(image.layers[0].digest)","size":\#(image.layers[0].size)}]"#
            func manifestJSON(_ config: Descriptor) -> [UInt8] {
                Array(#"{"schemaVersion":2,"mediaType":"\#(ManifestMediaType.ociManifest)","config":{"mediaType":"\#(config.mediaType)","digest":"\#(config.digest)","size":\#(config.size)},"layers":\#(layers)}"#.utf8)
            }
            let arm = try client.pushManifest("test/multi", reference: "arm64", manifestJSON(armConfig), mediaType: ManifestMediaType.ociManifest)
            let amd = try client.pushManifest("test/multi", reference: "amd64", manifestJSON(image.config), mediaType: ManifestMediaType.ociManifest)
            func entry(_ descriptor: Descriptor, _ architecture: String) -> String {
                #"{"mediaType":"\#(descriptor.mediaType)","digest":"\#(descriptor.digest)","size":\#(descriptor.size),"platform":{"os":"linux","architecture":"\#(architecture)"}}"#
            }
            let index = #"{"schemaVersion":2,"mediaType":"\#(ManifestMediaType.ociIndex)","manifests":[\#(entry(arm, "arm64")),\#(entry(amd, "amd64"))]}"#
            try client.pushManifest("test/multi", reference: "latest", Array(index.utf8), mediaType: ManifestMediaType.ociIndex)
            return amd.digest
        }
        let pulled = try await store.pull("\(TestBed.registry)/test/multi:latest")
        #expect(pulled.image.manifestDigest == picked)
        #expect(pulled.layerDirectories == busybox.layerDirectories, "the same layer is stored once")
    }
}
