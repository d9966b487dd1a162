import Testing
@testable import RunnerCore

/// Where actions are downloaded from, and who receives the job's token, without any network.
@Suite struct ActionSourceTests {
    func source(_ uses: String, defaultURL: String = "https://data.forgejo.org", instance: String? = "https://code.example.org",
                token: String? = "secret") throws -> ActionSource {
        try ActionSource(try repositoryAction(uses), defaultActionsURL: defaultURL, instanceURL: instance, token: token)
    }

    func sourceError(_ uses: String, defaultURL: String = "https://data.forgejo.org") throws -> ActionError? {
        do {
            _ = try ActionSource(try repositoryAction(uses), defaultActionsURL: defaultURL, instanceURL: nil, token: nil)
            return nil
        } catch let error as ActionError {
            return error
        }
    }

    @Test func shortReferencesUseTheDefaultActionsURLWithoutToken() throws {
        let plain = try source("actions/checkout@v4")
        #expect(plain.repositoryURL == "https://data.forgejo.org/actions/checkout")
        #expect(plain.archiveURL == "https://data.forgejo.org/actions/checkout/archive/v4.tar.gz")
        #expect(plain.authorization == nil)
        #expect(plain.request.headers.isEmpty)
        let slashed = try source("actions/checkout/sub@v4", defaultURL: "https://mirror.example//")
        #expect(slashed.archiveURL == "https://mirror.example/actions/checkout/archive/v4.tar.gz", "trailing slashes are dropped")
    }

    @Test func theTokenGoesToTheTasksInstanceOnly() throws {
        let own = try source("https://code.example.org/team/tool@v1")
        #expect(own.archiveURL == "https://code.example.org/team/tool/archive/v1.tar.gz")
        #expect(own.authorization == "token secret")
        #expect(own.request.headers.map(\.name) == ["Authorization"])
        #expect(try source("https://CODE.example.org:443/team/tool@v1").authorization == "token secret", "same host, other spelling")
        #expect(try source("https://code.example.org:8443/team/tool@v1").authorization == nil, "another port is another server")
        #expect(try source("https://code.example.org.evil.test/team/tool@v1").authorization == nil)
        #expect(try source("team/tool@v1", defaultURL: "https://code.example.org/").authorization == "token secret")
        #expect(try source("https://code.example.org/team/tool@v1", token: nil).authorization == nil)
        #expect(try source("https://code.example.org/team/tool@v1", instance: nil).authorization == nil)
    }

    @Test func refsKeepTheirSlashesAndAreEscaped() throws {
        #expect(try source("o/r@release/v1").archiveURL == "https://data.forgejo.org/o/r/archive/release/v1.tar.gz")
        #expect(try source("o/r@a#b?c").archiveURL == "https://data.forgejo.org/o/r/archive/a%23b%3Fc.tar.gz")
    }

    @Test func theCacheKeyIsTheRepositoryAndRef() throws {
        let top = try source("o/r@v1")
        #expect(top.cacheKey.count == 64)
        #expect(try source("o/r/sub@v1").cacheKey == top.cacheKey, "actions of one repository share a download")
        #expect(try source("o/r@v2").cacheKey != top.cacheKey)
        #expect(try source("https://other.example/o/r@v1").cacheKey != top.cacheKey)
    }

    @Test func badBasesAndNamesAreClearErrors() throws {
        let badDefault = try sourceError("o/r@v1", defaultURL: "data.forgejo.org")
        #expect(badDefault?.code == .invalidReference)
        #expect(badDefault?.message.contains("the default actions URL 'data.forgejo.org' is not an http:// or https:// URL") == true)
        let plain = try sourceError("http://actions.example/o/r@v1")
        #expect(plain?.code == .invalidReference)
        #expect(plain?.message.contains("plain-HTTP") == true)
        #expect(try sourceError("http://127.0.0.1:3000/o/r@v1") == nil, "loopback may be plain HTTP")
        #expect(try sourceError("o/r@v1", defaultURL: "http://forgejo.lan:3000") == nil, "the runner's own setting may be plain HTTP")
        let dots = try sourceError("o/r@../../api/v1/admin")
        #expect(dots?.code == .invalidReference)
        #expect(dots?.message.contains("'..'") == true)
    }
}
