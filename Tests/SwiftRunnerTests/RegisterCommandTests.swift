import Executors
import Foundation
import RunnerCore
import TestSupport
import Testing

/// `register`, `create-runner-file` and `generate-config` as a user runs them, against the fake Forgejo.
@Suite struct RegisterCommandTests {
    let scratch: TemporaryDirectory
    let folder: URL

    init() throws {
        scratch = try TemporaryDirectory()
        folder = URL(fileURLWithPath: scratch.path)
    }

    var runnerFile: String { "\(scratch.path)/.runner" }

    func register(_ instance: String, token: String = FakeForgejo.registrationToken,
                  extra: [String] = []) throws -> BinaryRunner.Result {
        try BinaryRunner.run(["register", "--no-interactive", "--instance", instance, "--token", token, "--name", "ci-1",
                              "--labels", "docker:docker://node:22,shell:host"] + extra, in: folder)
    }

    @Test func aGoodTokenWritesThePrivateRunnerFile() throws {
        let forgejo = try FakeForgejo()
        let result = try register(forgejo.instance.url + "/")
        #expect(result.status == 0, "\(result.standardError)")
        let runner = try #require(forgejo.runners.first)
        #expect(runner.labels == ["docker", "shell"] && runner.name == "ci-1")
        #expect(result.standardOutput.contains("Registered runner ci-1 (id \(runner.id), uuid \(runner.uuid))"))
        let file = try RunnerFile.read(from: runnerFile)
        #expect(file.token == runner.token && file.address == forgejo.instance.url)
        #expect(file.labels == ["docker:docker://node:22", "shell:host"])
        let mode = try FileManager.default.attributesOfItem(atPath: runnerFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!result.standardOutput.contains(runner.token) && !result.standardError.contains(runner.token))
    }

    @Test func aWrongTokenIsAClearErrorAndWritesNothing() throws {
        let forgejo = try FakeForgejo()
        let result = try register(forgejo.instance.url, token: "stale-token")
        #expect(result.status == 1)
        #expect(result.standardError.contains("refused to register the runner: runner registration token not found"))
        #expect(!result.standardError.contains("stale-token"))
        #expect(!FileManager.default.fileExists(atPath: runnerFile) && forgejo.runners.isEmpty)
    }

    /// An instance still starting answers 503 (its proxy is up, Forgejo not yet): register waits and goes on.
    /// (Not "nothing listens yet, then a server": whether the binary tried before the server came up would depend
    /// on timing.)
    @Test func waitsForAServerThatIsNotUpYet() async throws {
        let forgejo = try FakeForgejo()
        forgejo.inject(.httpStatus(503), method: .ping, times: 2)
        let arguments = ["register", "--no-interactive", "--instance", forgejo.instance.url,
                         "--token", FakeForgejo.registrationToken, "--name", "late"]
        let result = try BinaryRunner.run(arguments, in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("waiting for \(forgejo.instance.url)"))
        #expect(forgejo.runners.map(\.name) == ["late"])
        #expect(try RunnerFile.read(from: runnerFile).labels == [ConfigTemplate.defaultLabel])
    }

    @Test func theConfigChoosesTheFileAndTheLabels() throws {
        let forgejo = try FakeForgejo()
        let config = "\(scratch.path)/config.yaml"
        try Data("runner:\n  file: state/runner.json\n  labels: ['big:host']\n".utf8).write(to: URL(fileURLWithPath: config))
        try FileManager.default.createDirectory(atPath: "\(scratch.path)/state", withIntermediateDirectories: true)
        let result = try BinaryRunner.run(["register", "--no-interactive", "--instance", forgejo.instance.url,
                                           "--token", FakeForgejo.registrationToken, "--config", config], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try RunnerFile.read(from: "\(scratch.path)/state/runner.json").labels == ["big:host"])
        #expect(forgejo.runners.first?.labels == ["big"])
    }

    @Test func withoutATerminalTheOptionsAreNeeded() throws {
        let result = try BinaryRunner.run(["register", "--instance", "https://forge.example"], in: folder)
        #expect(result.status == 2 && result.standardError.contains("give --instance and --token"))
        let badURL = try BinaryRunner.run(["register", "--no-interactive", "--instance", "forge.example", "--token", "t"],
                                          in: folder)
        #expect(badURL.status == 2 && badURL.standardError.contains("must start with https://"))
    }

    /// On a terminal (`script` gives it one) the questions come one by one; defaults take an empty answer, and a bad
    /// URL is asked again. (The terminal echoes all the answers at once as they arrive, before the token question
    /// turns echo off, so this cannot show that the token is not echoed.)
    @Test func asksOnATerminal() throws {
        let forgejo = try FakeForgejo()
        let answers = "forge.example\n\(forgejo.instance.url)\n\(FakeForgejo.registrationToken)\nterminal-runner\n\n"
        let command = ([BinaryRunner.binary.path, "register"]).map { "'\($0)'" }.joined(separator: " ")
        let result = try BinaryRunner.run(["-qec", command, "/dev/null"], standardInput: answers, in: folder,
                                          executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(result.status == 0, "\(result.standardOutput)")
        #expect(result.standardOutput.contains("Forgejo instance URL: "))
        #expect(result.standardOutput.contains("must start with https://"))
        #expect(result.standardOutput.contains("Labels [\(ConfigTemplate.defaultLabel)]: "))
        #expect(forgejo.runners.map(\.name) == ["terminal-runner"])
        #expect(try RunnerFile.read(from: runnerFile).labels == [ConfigTemplate.defaultLabel])
    }

    @Test func createRunnerFileWritesTheOfflineRegistration() throws {
        let secret = "0123456789abcdef0123456789abcdef01234567"
        let result = try BinaryRunner.run(["create-runner-file", "--instance", "https://forge.example", "--secret", secret,
                                           "--name", "offline"], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        let file = try RunnerFile.read(from: runnerFile)
        #expect(file.uuid == "30313233-3435-3637-3839-616263646566" && file.token == secret && file.name == "offline")
        let bad = try BinaryRunner.run(["create-runner-file", "--instance", "https://forge.example", "--secret", "abc"],
                                       in: folder)
        #expect(bad.status == 1 && bad.standardError.contains("exactly 40 characters long, not 3"))
    }

    @Test func generateConfigPrintsAConfigThatParses() throws {
        let result = try BinaryRunner.run(["generate-config"])
        #expect(result.status == 0 && result.standardOutput == ConfigTemplate.text)
        #expect(try RunnerConfig.parse(result.standardOutput, file: "config.yaml").labels == [ConfigTemplate.defaultLabel])
    }
}
