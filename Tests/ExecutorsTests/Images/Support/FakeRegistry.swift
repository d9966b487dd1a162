import Foundation
import TestSupport
@testable import Executors

/// A one-layer image served by a `LoopbackHTTPServer` from a table of routes, which a test may falsify: a wrong
/// blob, a short body, a huge manifest, a registry that wants a token first.
struct FakeImage {
    static let repository = "test/app"
    let layer: [UInt8]
    let config: [UInt8]
    let manifest: [UInt8]
    let layerDescriptor: Descriptor

    init(scratch: TemporaryDirectory, entries: [TarFixture.Entry] = [TarFixture.file("hello.txt", "hello from the fake registry\n")]) throws {
        layer = try TarFixture.write(entries, to: "\(scratch.path)/fake-layer-\(UUID().uuidString).tar.gz")
        config = Array(#"{"os":"linux","architecture":"amd64","config":{"Env":["PATH=/bin"],"Cmd":["sh"]}}"#.utf8)
        layerDescriptor = Descriptor(mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: Digest(of: layer), size: Int64(layer.count))
        manifest = Array("""
            {"schemaVersion":2,"mediaType":"\(ManifestMediaType.ociManifest)",\
            "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\(Digest(of: config))","size":\(config.count)},\
            "layers":[{"mediaType":"\(layerDescriptor.mediaType)","digest":"\(layerDescriptor.digest)","size":\(layer.count)}]}
            """.utf8)
    }

    var manifestPath: String { "/v2/\(Self.repository)/manifests/latest" }
    var layerPath: String { "/v2/\(Self.repository)/blobs/\(layerDescriptor.digest)" }

    /// The honest routes: `/v2/`, the manifest under `latest`, the config and the layer.
    var routes: [String: LoopbackHTTPServer.Response] {
        [
            "/v2/": .json("{}"),
            manifestPath: .json(String(decoding: manifest, as: UTF8.self), type: ManifestMediaType.ociManifest),
            "/v2/\(Self.repository)/blobs/\(Digest(of: config))": LoopbackHTTPServer.Response(status: 200, body: config),
            layerPath: LoopbackHTTPServer.Response(status: 200, body: layer),
        ]
    }
}

extension LoopbackHTTPServer {
    /// Serves fixed routes by path (the query ignored); anything else is 404.
    convenience init(routes: [String: Response]) throws {
        try self.init { request in
            let path = String(request.target.prefix { $0 != "?" })
            return routes[path] ?? Response(status: 404, body: Array(#"{"errors":[{"code":"NOT_FOUND"}]}"#.utf8))
        }
    }
}
