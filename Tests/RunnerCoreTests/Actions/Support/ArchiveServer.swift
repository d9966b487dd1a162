import Executors
import Foundation
import TestSupport
import WorkflowParser

/// A Forgejo stand-in on 127.0.0.1 serving repository archives at `/{owner}/{repo}/archive/{ref}.tar.gz`, built in
/// the test with `TarFixture` under one top folder as Forgejo's are. What it serves can change between fetches (a
/// branch that moved), and answers can be slowed down so that concurrent fetches overlap.
final class ArchiveServer: Sendable {
    let server: LoopbackHTTPServer
    private let scratch: String
    private let routes = LockedValue<[String: LoopbackHTTPServer.Response]>([:])
    private let delay = LockedValue<useconds_t>(0)

    /// `http://127.0.0.1:PORT`, as a default actions URL or an instance URL.
    var url: String { "http://\(server.registry)" }

    init(scratch: TemporaryDirectory) throws {
        self.scratch = scratch.path
        let routes = routes, delay = delay
        server = try LoopbackHTTPServer { request in
            usleep(delay.withLock { $0 })
            return routes.withLock { $0[request.target] } ?? LoopbackHTTPServer.Response(status: 404, body: Array("Not Found".utf8))
        }
    }

    static func archivePath(_ owner: String, _ repository: String, _ ref: String) -> String {
        "/\(owner)/\(repository)/archive/\(ref).tar.gz"
    }

    /// Serves `entries` (paths inside the repository) under the top folder `repository/`.
    func serve(_ owner: String, _ repository: String, _ ref: String, _ entries: [TarFixture.Entry]) throws {
        let placed = [TarFixture.directory("\(repository)/")] + entries.map { entry in
            var moved = entry
            moved.path = "\(repository)/\(entry.path)"
            return moved
        }
        try serveArchive(owner, repository, ref, placed)
    }

    /// Serves `entries` exactly as given: hostile archives pick their own paths.
    func serveArchive(_ owner: String, _ repository: String, _ ref: String, _ entries: [TarFixture.Entry]) throws {
        let bytes = try TarFixture.write(entries, to: "\(scratch)/archive-\(UUID().uuidString).tar.gz")
        serve(Self.archivePath(owner, repository, ref), LoopbackHTTPServer.Response(status: 200, body: bytes))
    }

    func serve(_ path: String, _ response: LoopbackHTTPServer.Response) {
        routes.withLock { $0[path] = response }
    }

    func slowDown(by microseconds: useconds_t) {
        delay.withLock { $0 = microseconds }
    }

    /// How often `path` was requested.
    func requests(to path: String) -> Int {
        server.requests.filter { $0.target == path }.count
    }
}

/// The manifest of a small JavaScript action named `name`.
func manifest(named name: String) -> String {
    "name: \(name)\nruns:\n  using: node20\n  main: index.js\n"
}

/// `uses:` text as the job engine receives it.
func repositoryAction(_ uses: String) throws -> RepositoryAction {
    guard case .repository(let action) = try ActionReference.parse(uses) else { throw FixtureError("\(uses) is not a repository action") }
    return action
}
