import Foundation
import Testing
@testable import Executors

@Suite struct HostSandboxTests {
    @Test func execRunsInTheSandboxWithItsOwnEnvironment() async throws {
        let root = temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sandbox = try HostSandbox(root: root)
        let id = try await sandbox.create(SandboxSpec(image: .native, environment: ["A": "spec"], workingDirectory: "."))
        setenv("FENCE_TEST_LEAK", "agent secret", 1)
        let result = try await collect(sandbox.exec(id, ExecRequest(
            arguments: ["sh", "-c", "pwd; echo $A $B; echo ${FENCE_TEST_LEAK:-clean}; echo $HOME"], environment: ["B": "request"])))
        let directory = root + "/" + id.rawValue
        #expect(result.output == "\(directory)\nspec request\nclean\n\(directory)\n")
        #expect(result.status == Executors.ExitStatus.exited(0))
        try await sandbox.destroy(id)
        try await sandbox.destroy(id)  // twice is fine
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func aMissingCommandEndsAsAShellWould() async throws {
        let root = temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sandbox = try HostSandbox(root: root)
        let id = try await sandbox.create(SandboxSpec(image: .native))
        let missing = try await collect(sandbox.exec(id, ExecRequest(arguments: ["no-such-command-here"])))
        #expect(missing.status == Executors.ExitStatus.exited(127))
        #expect(missing.errors.contains("no-such-command-here: command not found"))
        let badDirectory = try await collect(sandbox.exec(id, ExecRequest(arguments: ["true"], workingDirectory: "absent")))
        #expect(badDirectory.status == Executors.ExitStatus.exited(126))
        await expectSandboxError(.refused, containing: "cannot switch to user") {
            _ = try await collect(sandbox.exec(id, ExecRequest(arguments: ["true"], user: "nobody")))
        }
        try await sandbox.destroy(id)
    }

    @Test func destroyKillsWhatTheSandboxStartedInTheBackground() async throws {
        let root = temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sandbox = try HostSandbox(root: root)
        let id = try await sandbox.create(SandboxSpec(image: .native))
        let start = ContinuousClock.now
        let result = try await collect(sandbox.exec(id, ExecRequest(arguments: ["sh", "-c", "sleep 60 & echo $!"])))
        // Far below the child's 60 s: the exec ended with the shell, not with the sleep it left behind.
        #expect(ContinuousClock.now - start < .seconds(30), "a background child held the exec open")
        let pid = try #require(Int32(result.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(isRunning(pid))
        try await sandbox.destroy(id)
        #expect(await eventually { !isRunning(pid) }, "the background sleep survived destroy")
    }
}
