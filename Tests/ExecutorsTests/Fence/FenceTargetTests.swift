import Testing
@testable import Executors

@Suite struct FenceTargetTests {
    @Test func parsesUserHostAndPort() throws {
        #expect(try FenceTarget(parsing: "ssh://fence@10.200.0.2:2222") == FenceTarget(user: "fence", host: "10.200.0.2", port: 2222))
        #expect(try FenceTarget(parsing: "ssh://ci-runner@fence.example.org/") == FenceTarget(user: "ci-runner", host: "fence.example.org"))
        #expect(try FenceTarget(parsing: "ssh://root@[fd00::2]:22").host == "fd00::2")
        #expect(try FenceTarget(parsing: "ssh://root@[fd00::2]:22").description == "ssh://root@[fd00::2]:22")
    }

    @Test(arguments: [
        ("fence@host:22", "must start with ssh://"),
        ("ssh://host:22", "the user is missing"),
        ("ssh://@host", "not a valid user name"),
        ("ssh://-oProxyCommand=x@host", "not a valid user name"),
        ("ssh://fence@-oProxyCommand=x", "not a host name"),
        ("ssh://fence@", "the host is missing"),
        ("ssh://fence@host:0", "not a port"),
        ("ssh://fence@host:70000", "not a port"),
        ("ssh://fence@host:22/path", "not a port"),
        ("ssh://fence@[fd00::2", "closing ]"),
    ])
    func refusesWithAReason(text: String, reason: String) {
        do {
            _ = try FenceTarget(parsing: text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(error.message.contains("expected ssh://user@host:port"))
        }
    }
}
