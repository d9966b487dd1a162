import Executors
import Foundation
import TestSupport
import Testing
@testable import RunnerCore

/// `register`'s steps against the fake Forgejo: ping until it answers, register with label names, write `.runner`
/// with the full labels, and write nothing when anything fails.
@Suite struct RunnerRegistrationTests {
    let scratch: TemporaryDirectory
    let labels = [RunnerLabel(name: "docker", schema: .docker(image: "node:22")), RunnerLabel(name: "shell", schema: .host)]

    init() throws {
        scratch = try TemporaryDirectory()
    }

    var file: String { "\(scratch.path)/.runner" }

    func registration(_ instance: ForgejoInstance, token: String = FakeForgejo.registrationToken,
                      pings: Backoff = Backoff(attempts: 3, first: .milliseconds(50), maximum: .milliseconds(50))) -> RunnerRegistration {
        RunnerRegistration(instance: instance, registrationToken: token, name: "builder", labels: labels, file: file,
                           pings: pings)
    }

    @Test func registersWithLabelNamesAndWritesFullLabels() async throws {
        let forgejo = try FakeForgejo()
        let written = try await registration(forgejo.instance).run()
        let runner = try #require(forgejo.runners.first)
        #expect(runner.labels == ["docker", "shell"] && runner.name == "builder" && runner.version == VersionInfo.version)
        #expect(written == RunnerFile(id: runner.id, uuid: runner.uuid, name: "builder", token: runner.token,
                                      address: forgejo.instance.url, labels: ["docker:docker://node:22", "shell:host"]))
        #expect(try RunnerFile.read(from: file) == written)
        #expect(forgejo.calls(of: .ping) == 1)
    }

    @Test func aWrongTokenWritesNothing() async throws {
        let forgejo = try FakeForgejo()
        await #expect { try await registration(forgejo.instance, token: "stale").run() } throws: {
            "\($0)".contains("refused to register the runner: runner registration token not found")
                && !"\($0)".contains("stale")
        }
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func anExistingRunnerFileIsKept() async throws {
        let forgejo = try FakeForgejo()
        try Data("not json".utf8).write(to: URL(fileURLWithPath: file))
        await #expect { try await registration(forgejo.instance).run() } throws: { "\($0)".contains("already exists") }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "not json")
        #expect(forgejo.calls(of: .register) == 0)
    }

    @Test func waitsForAnInstanceThatIsStarting() async throws {
        let forgejo = try FakeForgejo()
        forgejo.inject(.httpStatus(502), method: .ping)
        forgejo.inject(.dropRequest, method: .ping)
        let waits = LockedValue<[String]>([])
        _ = try await registration(forgejo.instance).run { error, _ in waits.withLock { $0.append("\(error.code)") } }
        #expect(waits.withLock { $0 } == ["httpStatus", "transport"])
        #expect(forgejo.calls(of: .ping) == 3 && forgejo.runners.count == 1)
    }

    @Test func givesUpAfterTheLastTry() async throws {
        let instance = try ForgejoInstance("http://127.0.0.1:\(try LoopbackHTTPServer.unusedPort())")
        await #expect { try await registration(instance).run() } throws: { "\($0)".contains("did not answer after 3 tries") }
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func aURLThatIsNotForgejoFailsAtOnce() async throws {
        let forgejo = try FakeForgejo()
        forgejo.inject(.httpStatus(404), method: .ping, times: 5)
        await #expect { try await registration(forgejo.instance).run() } throws: {
            "\($0)".contains("does not answer as a Forgejo instance")
        }
        #expect(forgejo.calls(of: .ping) == 1)
    }

    @Test func backoffDoublesUpToItsMaximum() {
        let backoff = Backoff.registration
        #expect((1...6).map { backoff.delay(afterAttempt: $0) } == [1, 2, 4, 8, 8, 8].map { Duration.seconds($0) })
    }

    @Test(arguments: ["forge.example", "ftp://forge.example", "https://", "https://user@forge.example"])
    func instanceURLsNeedASchemeAndAHost(url: String) {
        #expect(throws: ConfigError.self) { try ForgejoInstance(url) }
    }

    @Test func instanceURLsLoseTheirTrailingSlash() throws {
        #expect(try ForgejoInstance("https://forge.example/git/").url(of: .fetchTask)
                == "https://forge.example/git/api/actions/runner.v1.RunnerService/FetchTask")
    }
}
