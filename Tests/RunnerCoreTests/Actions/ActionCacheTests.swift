import Foundation
import Executors
import TestSupport
import Testing
@testable import RunnerCore

/// The action cache against a loopback Forgejo stand-in: what is downloaded when, what is reused, and that a bad
/// answer or a hostile archive ends in a clear error with nothing kept.
@Suite struct ActionCacheTests {
    static let sha = "0123456789abcdef0123456789abcdef01234567"
    let scratch: TemporaryDirectory
    let forgejo: ArchiveServer
    let root: String

    init() throws {
        scratch = try TemporaryDirectory()
        forgejo = try ArchiveServer(scratch: scratch)
        root = "\(scratch.path)/cache"
    }

    /// A cache for one job, with the stand-in as default actions URL and no instance of its own.
    func cache(instanceURL: String? = nil, token: String? = nil, limits: ActionLimits = ActionLimits()) -> ActionCache {
        ActionCache(root: root, http: HTTPClient(connectTimeout: 5, stallTimeout: 5), defaultActionsURL: forgejo.url + "/",
                    instanceURL: instanceURL, token: token, limits: limits)
    }

    /// The error of fetching `uses`, which must fail.
    func fetchError(_ uses: String, from cache: ActionCache? = nil) async throws -> ActionError {
        do {
            let fetched = try await (cache ?? self.cache()).fetch(try repositoryAction(uses))
            throw FixtureError("fetching \(uses) succeeded with \(fetched.directory)")
        } catch let error as ActionError {
            return error
        }
    }

    /// Entries of the cache's folders other than lock files: what a refused fetch must not leave behind.
    func kept() -> [String] {
        ["trees", "refs", "downloads"].flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(folder)")) ?? []).map { "\(folder)/\($0)" }
        }
    }

    func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func aBranchIsDownloadedOncePerJobAndRefreshedForTheNext() async throws {
        let archive = ArchiveServer.archivePath("owner", "tool", "main")
        try forgejo.serve("owner", "tool", "main", [TarFixture.file("action.yml", manifest(named: "first"))])
        let job = cache()
        let first = try await job.fetch(try repositoryAction("owner/tool@main"))
        let again = try await job.fetch(try repositoryAction("owner/tool@main"))
        #expect(forgejo.requests(to: archive) == 1, "fetched once per job however often used")
        #expect(again.directory == first.directory)
        #expect(first.manifest.name?.value == "first")
        #expect(first.manifest.file == "owner/tool@main/action.yml")

        try forgejo.serve("owner", "tool", "main", [TarFixture.file("action.yml", manifest(named: "second"))])
        let nextJob = try await cache().fetch(try repositoryAction("owner/tool@main"))
        #expect(forgejo.requests(to: archive) == 2, "a new job refreshes a branch")
        #expect(nextJob.manifest.name?.value == "second")
        #expect(nextJob.cacheKey == first.cacheKey)
        #expect(try text("\(first.directory)/action.yml") == manifest(named: "first"), "the first job's files stay as they were")
        #expect(try await job.fetch(try repositoryAction("owner/tool@main")).manifest.name?.value == "first",
                "a job keeps the version it started with")
    }

    @Test func aCommitSHAIsReusedFromDiskWithoutAsking() async throws {
        try forgejo.serve("owner", "tool", Self.sha, [TarFixture.file("action.yml", manifest(named: "pinned"))])
        let first = try await cache().fetch(try repositoryAction("owner/tool@\(Self.sha)"))
        let second = try await cache().fetch(try repositoryAction("owner/tool@\(Self.sha)"))
        #expect(forgejo.requests(to: ArchiveServer.archivePath("owner", "tool", Self.sha)) == 1)
        #expect(second.directory == first.directory)
        #expect(second.manifest.name?.value == "pinned")
    }

    @Test func actionsInSubfoldersShareTheirRepositorysDownload() async throws {
        try forgejo.serve("owner", "kit", "v1", [
            TarFixture.file("action.yml", manifest(named: "root")),
            TarFixture.file("setup/node/action.yml", manifest(named: "setup-node")),
            TarFixture.file("setup/node/index.js", "console.log('hi')\n"),
        ])
        let job = cache()
        let nested = try await job.fetch(try repositoryAction("owner/kit/setup/node@v1"))
        let top = try await job.fetch(try repositoryAction("owner/kit@v1"))
        #expect(nested.directory == "\(nested.repositoryDirectory)/setup/node")
        #expect(nested.manifest.name?.value == "setup-node")
        #expect(nested.manifest.file == "owner/kit@v1/setup/node/action.yml")
        #expect(FileManager.default.fileExists(atPath: "\(nested.directory)/index.js"))
        #expect(top.manifest.name?.value == "root")
        #expect(top.repositoryDirectory == nested.repositoryDirectory)
        #expect(forgejo.requests(to: ArchiveServer.archivePath("owner", "kit", "v1")) == 1)
    }

    @Test func actionYAMLIsTheFallbackAndActionYMLWins() async throws {
        try forgejo.serve("owner", "yaml", "v1", [TarFixture.file("action.yaml", manifest(named: "from-yaml"))])
        try forgejo.serve("owner", "both", "v1", [
            TarFixture.file("action.yml", manifest(named: "from-yml")), TarFixture.file("action.yaml", manifest(named: "from-yaml")),
        ])
        let yaml = try await cache().fetch(try repositoryAction("owner/yaml@v1"))
        #expect(yaml.manifest.name?.value == "from-yaml")
        #expect(yaml.manifest.file == "owner/yaml@v1/action.yaml")
        #expect(try await cache().fetch(try repositoryAction("owner/both@v1")).manifest.name?.value == "from-yml")
    }

    @Test func aFolderWithoutManifestSaysWhereItLookedAndWhatItNeeds() async throws {
        try forgejo.serve("owner", "bare", "v1", [TarFixture.file("README.md", "no action here\n")])
        let error = try await fetchError("owner/bare@v1")
        #expect(error.code == .missingManifest)
        #expect(error.message.contains("action.yml") && error.message.contains("action.yaml"))
        #expect(error.message.contains("\(root)/trees/"), "names the folder searched: \(error)")
    }

    @Test func aMissingSubfolderIsNamed() async throws {
        try forgejo.serve("owner", "kit", "v1", [TarFixture.file("action.yml", manifest(named: "root"))])
        let error = try await fetchError("owner/kit/nowhere@v1")
        #expect(error.code == .missingFolder)
        #expect(error.message.contains("'nowhere'") && error.message.contains("owner/kit@v1"), "\(error)")
    }

    @Test func anInvalidManifestPointsAtItsLine() async throws {
        try forgejo.serve("owner", "broken", "v1", [TarFixture.file("action.yml", "name: broken\nruns:\n  using: node7\n  main: a.js\n")])
        let error = try await fetchError("owner/broken@v1")
        #expect(error.code == .invalidManifest)
        #expect(error.message.contains("owner/broken@v1/action.yml:3"), "\(error)")
    }

    @Test func notFoundSaysToCheckTheNameAndRef() async throws {
        let error = try await fetchError("owner/missing@v9")
        #expect(error.code == .notFound)
        #expect(error.message == "action owner/missing@v9 not found at \(forgejo.url)/owner/missing/archive/v9.tar.gz: check the name and ref")
        #expect(kept().isEmpty)
    }

    @Test func aServerErrorNamesItsStatus() async throws {
        forgejo.serve(ArchiveServer.archivePath("owner", "tool", "v1"),
                      LoopbackHTTPServer.Response(status: 500, body: Array("database is locked".utf8)))
        let error = try await fetchError("owner/tool@v1")
        #expect(error.code == .download)
        #expect(error.message.contains("HTTP 500") && error.message.contains("database is locked"), "\(error)")
        #expect(kept().isEmpty)
    }

    @Test func aCorruptArchiveKeepsNothingAndALaterGoodOneWorks() async throws {
        forgejo.serve(ArchiveServer.archivePath("owner", "tool", "v1"),
                      LoopbackHTTPServer.Response(status: 200, body: [0x1f, 0x8b, 0x08, 0x00] + Array(repeating: 0x41, count: 300)))
        let error = try await fetchError("owner/tool@v1")
        #expect(error.code == .invalidArchive, "\(error)")
        #expect(kept().isEmpty)

        try forgejo.serve("owner", "tool", "v1", [TarFixture.file("action.yml", manifest(named: "fixed"))])
        #expect(try await cache().fetch(try repositoryAction("owner/tool@v1")).manifest.name?.value == "fixed")
    }

    @Test func aTruncatedDownloadKeepsNothing() async throws {
        let bytes = try TarFixture.write([TarFixture.file("tool/action.yml", manifest(named: "t"))], to: "\(scratch.path)/t.tar.gz")
        forgejo.serve(ArchiveServer.archivePath("owner", "tool", "v1"),
                      LoopbackHTTPServer.Response(status: 200, body: Array(bytes.prefix(20)), claimedLength: bytes.count))
        let error = try await fetchError("owner/tool@v1")
        #expect(error.code == .download, "\(error)")
        #expect(kept().isEmpty)
    }

    @Test func archivesOverTheLimitsAreRefused() async throws {
        try forgejo.serve("owner", "big", "v1", [
            TarFixture.file("action.yml", manifest(named: "big")),
            TarFixture.file("data.txt", String(repeating: "x", count: 100_000)),
        ])
        let compressed = try await fetchError("owner/big@v1", from: cache(limits: ActionLimits(archiveSize: 100)))
        #expect(compressed.code == .invalidArchive)
        #expect(compressed.message.contains("larger than the limit for actions (100 bytes)"), "\(compressed)")
        let unpacked = try await fetchError("owner/big@v1", from: cache(limits: ActionLimits(unpackedSize: 50_000)))
        #expect(unpacked.code == .invalidArchive)
        #expect(unpacked.message.contains("more than 50000 bytes"), "\(unpacked)")
        #expect(kept().isEmpty)
    }

    /// Hostile archives, each with a legitimate manifest, refused whole.
    static let hostileArchives: [(name: String, entries: [TarFixture.Entry], mentioning: String)] = [
        ("parent path", [TarFixture.file("tool/action.yml", manifest(named: "h")), TarFixture.file("tool/../../escaped", "x")], "'..'"),
        ("absolute path", [TarFixture.file("tool/action.yml", manifest(named: "h")), TarFixture.file("/tmp/escaped", "x")], "absolute path"),
        ("write through a symlink", [TarFixture.file("tool/action.yml", manifest(named: "h")), TarFixture.symlink("tool/out", to: "/tmp"),
                                     TarFixture.file("tool/out/escaped", "x")], "symlink"),
        ("manifest linked to a host file", [TarFixture.symlink("tool/action.yml", to: "/etc/passwd")], "leads outside"),
        ("link climbing out", [TarFixture.file("tool/action.yml", manifest(named: "h")), TarFixture.symlink("tool/up", to: "../..")], "leads outside"),
        ("link climbing out through another link", [
            TarFixture.file("tool/action.yml", manifest(named: "h")), TarFixture.directory("tool/a"),
            TarFixture.symlink("tool/a/b", to: ".."), TarFixture.symlink("tool/c", to: "a/b/.."),
        ], "through the symlink"),
        ("two top folders", [TarFixture.file("tool/action.yml", manifest(named: "h")), TarFixture.file("other/x", "x")], "top folder"),
        ("a file beside the top folder", [TarFixture.file("README", "x"), TarFixture.file("tool/action.yml", manifest(named: "h"))], "top folder"),
    ]

    @Test(arguments: 0..<hostileArchives.count)
    func hostileArchivesAreRefusedWhole(_ index: Int) async throws {
        let hostile = Self.hostileArchives[index]
        try forgejo.serveArchive("owner", "tool", "v1", hostile.entries)
        let error = try await fetchError("owner/tool@v1")
        #expect(error.code == .invalidArchive, "\(hostile.name): \(error)")
        #expect(error.message.contains(hostile.mentioning), "\(hostile.name): \(error)")
        #expect(kept().isEmpty, "\(hostile.name)")
        #expect(!FileManager.default.fileExists(atPath: "\(scratch.path)/escaped"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/escaped"))
    }

    @Test func linksInsideTheRepositoryAreKept() async throws {
        try forgejo.serve("owner", "tool", "v1", [
            TarFixture.file("dist/action.yml", manifest(named: "linked")), TarFixture.symlink("action.yml", to: "dist/action.yml"),
            TarFixture.directory("lib"), TarFixture.symlink("lib/up", to: "../dist"),
        ])
        let fetched = try await cache().fetch(try repositoryAction("owner/tool@v1"))
        #expect(fetched.manifest.name?.value == "linked")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(fetched.directory)/lib/up") == "../dist")
    }

    @Test func setuidBitsAreDropped() async throws {
        try forgejo.serve("owner", "tool", "v1", [
            TarFixture.file("action.yml", manifest(named: "modes")), TarFixture.file("run.sh", "#!/bin/sh\n", mode: 0o4755),
        ])
        let fetched = try await cache().fetch(try repositoryAction("owner/tool@v1"))
        let mode = try FileManager.default.attributesOfItem(atPath: "\(fetched.directory)/run.sh")[.posixPermissions] as? Int
        #expect(mode == 0o755)
    }

    @Test func concurrentFetchesInOneJobDownloadOnce() async throws {
        try forgejo.serve("owner", "tool", "v1", [TarFixture.file("action.yml", manifest(named: "shared"))])
        forgejo.slowDown(by: 300_000)
        let job = cache()
        let action = try repositoryAction("owner/tool@v1")
        let directories = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<6 { group.addTask { try await job.fetch(action).directory } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(forgejo.requests(to: ArchiveServer.archivePath("owner", "tool", "v1")) == 1)
        #expect(directories.count == 1)
    }

    /// Two caches on one root stand for two runner processes: their lock files exclude each other just the same.
    @Test func concurrentFetchesOfACommitByTwoJobsDownloadOnce() async throws {
        try forgejo.serve("owner", "tool", Self.sha, [TarFixture.file("action.yml", manifest(named: "pinned"))])
        forgejo.slowDown(by: 300_000)
        let action = try repositoryAction("owner/tool@\(Self.sha)")
        let (job, otherJob) = (cache(), cache())
        async let first = job.fetch(action)
        async let second = otherJob.fetch(action)
        let (one, two) = try await (first, second)
        #expect(forgejo.requests(to: ArchiveServer.archivePath("owner", "tool", Self.sha)) == 1)
        #expect(one.directory == two.directory)
    }

    @Test func theTokenGoesOnlyToTheTasksOwnInstance() async throws {
        let instance = try ArchiveServer(scratch: scratch)
        try instance.serve("team", "private", "v1", [TarFixture.file("action.yml", manifest(named: "own"))])
        try forgejo.serve("owner", "public", "v1", [TarFixture.file("action.yml", manifest(named: "public"))])
        let job = cache(instanceURL: instance.url, token: "job-secret")
        _ = try await job.fetch(try repositoryAction("owner/public@v1"))
        _ = try await job.fetch(try repositoryAction("\(instance.url)/team/private@v1"))
        #expect(forgejo.server.requests.map { $0.headers["authorization"] } == [nil])
        #expect(instance.server.requests.map { $0.headers["authorization"] } == ["token job-secret"])

        let onInstance = cache(instanceURL: forgejo.url, token: "job-secret")
        _ = try await onInstance.fetch(try repositoryAction("owner/public@v1"))
        #expect(forgejo.server.requests.last?.headers["authorization"] == "token job-secret",
                "the default actions URL on the task's own instance gets the token too")
    }
}
