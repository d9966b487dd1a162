import Foundation
import TestSupport
import Testing
@testable import Executors

/// The registry client against crafted answers from a loopback server: what a hostile or broken registry can do
/// must end in a clear error with nothing kept in the store.
@Suite struct RegistryClientTests {
    let scratch: TemporaryDirectory
    let image: FakeImage

    init() throws {
        scratch = try TemporaryDirectory()
        image = try FakeImage(scratch: scratch)
    }

    func store() throws -> ImageStore {
        ImageStore(layers: try LayerStore(root: "\(scratch.path)/store", unpacker: LayerUnpacker(ownerOffset: nil, whiteouts: .apply)))
    }

    /// Pulls `reference` from `server` and returns the error, or nil when it succeeded.
    func pullError(_ server: LoopbackHTTPServer, settings: RegistrySettings = RegistrySettings()) async throws -> ImageError? {
        let store = ImageStore(layers: try store().layers, settings: settings)
        do {
            _ = try await store.pull("\(server.registry)/\(FakeImage.repository):latest")
            return nil
        } catch {
            return error
        }
    }

    /// Files the store holds besides its folders and lock files: after a refused pull there must be none.
    func keptFiles() -> [String] {
        ["blobs/sha256", "layers/sha256"].flatMap { folder in
            (try? FileManager.default.contentsOfDirectory(atPath: "\(scratch.path)/store/\(folder)")) ?? []
        }
    }

    @Test func pullsVerifiesAndUnpacks() async throws {
        let server = try LoopbackHTTPServer(routes: image.routes)
        let pulled = try await store().pull("\(server.registry)/\(FakeImage.repository)")
        #expect(pulled.layerDirectories.count == 1)
        #expect(try String(contentsOfFile: "\(pulled.layerDirectories[0])/hello.txt", encoding: .utf8) == "hello from the fake registry\n")
        #expect(pulled.config.environment == ["PATH=/bin"])
        #expect(pulled.image.manifestDigest == Digest(of: image.manifest))
        let accept = server.requests.first { $0.target == image.manifestPath }?.headers["accept"] ?? ""
        for type in [ManifestMediaType.ociManifest, ManifestMediaType.ociIndex, ManifestMediaType.dockerManifest, ManifestMediaType.dockerList] {
            #expect(accept.contains(type))
        }
    }

    @Test func followsARedirectToBlobStorage() async throws {
        var routes = image.routes
        routes["/storage/layer"] = routes[image.layerPath]
        routes[image.layerPath] = LoopbackHTTPServer.Response(status: 307, headers: [("Location", "/storage/layer?signature=x")])
        let server = try LoopbackHTTPServer(routes: routes)
        #expect(try await pullError(server) == nil)
        #expect(server.requests.contains { $0.target == "/storage/layer?signature=x" })
    }

    @Test func aBlobWithTheWrongDigestIsRefusedAndNotKept() async throws {
        var routes = image.routes
        routes[image.layerPath] = LoopbackHTTPServer.Response(status: 200, body: image.layer.map { $0 ^ 0xFF })
        let error = try #require(try await pullError(LoopbackHTTPServer(routes: routes)))
        #expect(error.code == .invalidContent)
        #expect(error.message.contains("not \(image.layerDescriptor.digest)"))
        #expect(keptFiles().isEmpty)
    }

    @Test func aTransferCutShortIsRefusedAndNotKept() async throws {
        var routes = image.routes
        routes[image.layerPath] = LoopbackHTTPServer.Response(status: 200, body: Array(image.layer.prefix(100)), claimedLength: image.layer.count)
        let error = try #require(try await pullError(LoopbackHTTPServer(routes: routes)))
        #expect(error.code == .transport)
        #expect(error.message.contains(image.layerPath))
        #expect(keptFiles().isEmpty)
    }

    @Test func aBlobShorterThanItsDescriptorIsRefused() async throws {
        var routes = image.routes
        routes[image.layerPath] = LoopbackHTTPServer.Response(status: 200, body: Array(image.layer.prefix(100)))
        let error = try #require(try await pullError(LoopbackHTTPServer(routes: routes)))
        #expect(error.message.contains("truncated: 100 of \(image.layer.count) bytes"))
        #expect(keptFiles().isEmpty)
    }

    @Test func aBlobLongerThanItsDescriptorIsRefused() async throws {
        var routes = image.routes
        routes[image.layerPath] = LoopbackHTTPServer.Response(status: 200, body: image.layer + [0])
        let error = try #require(try await pullError(LoopbackHTTPServer(routes: routes)))
        #expect(error.message.contains("longer than the \(image.layer.count) bytes"))
        #expect(keptFiles().isEmpty)
    }

    @Test func aHugeManifestIsAClearError() async throws {
        var routes = image.routes
        routes[image.manifestPath] = LoopbackHTTPServer.Response(status: 200, body: [UInt8](repeating: 0x20, count: 5 << 20))
        let error = try #require(try await pullError(LoopbackHTTPServer(routes: routes)))
        #expect(error.code == .invalidContent)
        #expect(error.message.contains("larger than the \(4 << 20)-byte limit"))
    }

    @Test func aManifestNotMatchingAPinnedDigestIsRefused() async throws {
        let wrong = String(repeating: "0", count: 64)
        var routes = image.routes
        routes["/v2/\(FakeImage.repository)/manifests/sha256:\(wrong)"] = routes[image.manifestPath]
        routes["/v2/\(FakeImage.repository)/manifests/\(Digest(of: image.manifest))"] = routes[image.manifestPath]
        let server = try LoopbackHTTPServer(routes: routes)
        await #expect {
            try await store().pull("\(server.registry)/\(FakeImage.repository)@sha256:\(wrong)")
        } throws: { ($0 as? ImageError)?.message.contains("not sha256:\(wrong); refused") == true }
        let pinned = try await store().pull("\(server.registry)/\(FakeImage.repository)@\(Digest(of: image.manifest))")
        #expect(pinned.layerDirectories.count == 1)
        #expect(server.requests.count == 4, "the refused manifest, then manifest, config and layer")
    }

    @Test func aMissingImageSaysNotFound() async throws {
        let error = try #require(try await pullError(LoopbackHTTPServer(routes: ["/v2/": .json("{}")])))
        #expect(error.code == .notFound)
        #expect(error.message.contains("check the name and tag"))
    }

    @Test func followsABearerChallengeToTheTokenServiceOnce() async throws {
        let routes = image.routes
        let server = try LoopbackHTTPServer { request in
            let path = String(request.target.prefix { $0 != "?" })
            if path == "/token" {
                let query = request.target.drop { $0 != "?" }
                guard query.contains("service=fake"), query.contains("scope=repository:test/app:pull") else {
                    return LoopbackHTTPServer.Response(status: 400)
                }
                return .json(#"{"token":"t0ken"}"#)
            }
            guard request.headers["authorization"] == "Bearer t0ken" else {
                let realm = "http://\(request.headers["host"] ?? "")/token"
                return LoopbackHTTPServer.Response(status: 401, headers: [
                    ("WWW-Authenticate", #"Bearer realm="\#(realm)",service="fake",scope="repository:test/app:pull""#),
                ])
            }
            return routes[path] ?? LoopbackHTTPServer.Response(status: 404)
        }
        let pulled = try await store().pull("\(server.registry)/\(FakeImage.repository)")
        #expect(pulled.layerDirectories.count == 1)
        #expect(server.requests.filter { $0.target.hasPrefix("/token") }.count == 1, "the token is reused for later requests")
    }

    @Test func basicAuthUsesConfiguredCredentialsAndExplainsWhenThereAreNone() async throws {
        let routes = image.routes
        let expected = RegistryCredentials(username: "ci", password: "s3cret")
        let server = try LoopbackHTTPServer { request in
            guard request.headers["authorization"] == expected.basicAuthorization else {
                return LoopbackHTTPServer.Response(status: 401, headers: [("WWW-Authenticate", #"Basic realm="registry""#)])
            }
            return routes[String(request.target.prefix { $0 != "?" })] ?? LoopbackHTTPServer.Response(status: 404)
        }
        let anonymous = try #require(try await pullError(server))
        #expect(anonymous.code == .unauthorized)
        #expect(anonymous.message.contains("add credentials for \(server.registry)"))
        #expect(try await pullError(server, settings: RegistrySettings(credentials: [server.registry: expected])) == nil)
        let wrong = RegistryCredentials(username: "ci", password: "wrong")
        #expect(try await pullError(server, settings: RegistrySettings(credentials: [server.registry: wrong]))?.code == .unauthorized)
    }

    @Test func aStalledTransferTimesOut() throws {
        let server = try LoopbackHTTPServer { _ in
            sleep(3)
            return LoopbackHTTPServer.Response(status: 200)
        }
        #expect {
            try HTTPClient(stallTimeout: 1).send(HTTPRequest(.get, "http://\(server.registry)/v2/"), allowPlainHTTP: true)
        } throws: { error in
            guard let error = error as? ImageError else { return false }
            return error.code == .transport && error.message.contains("http://\(server.registry)/v2/")
        }
    }

    @Test func plainHTTPOnlyForLoopbackAndListedRegistries() throws {
        let settings = RegistrySettings(insecureRegistries: ["registry.lan:5000"])
        for host in ["127.0.0.1:5000", "localhost", "localhost:5000", "[::1]:5000", "127.1.2.3", "registry.lan:5000"] {
            #expect(settings.allowsPlainHTTP(host), "\(host)")
        }
        for host in ["registry.lan", "127.0.0.1.example.com", "docker.io", "10.0.0.1:5000"] {
            #expect(!settings.allowsPlainHTTP(host), "\(host)")
        }
        #expect(RegistryClient(registry: "docker.io").baseURL == "https://registry-1.docker.io")
        #expect {
            try HTTPClient().send(HTTPRequest(.get, "http://registry.invalid/v2/"))
        } throws: { ($0 as? ImageError)?.message.contains("only https:// is allowed") == true }
    }
}
