import Foundation
import RunnerCore
import Testing
import TestSupport

/// `one-job` and `daemon` as an admin runs them: registered (.runner), configured (config.yaml), against the fake
/// Forgejo; jobs on a `host` label so no root is needed.
@Suite struct DaemonCommandTests {
    /// A folder with `.runner` for a runner the fake knows and a config.yaml with fast intervals.
    private func runnerFolder(_ forgejo: FakeForgejo, extraConfig: String = "") throws -> URL {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let runner = forgejo.addRunner(name: "cli-runner", labels: ["shell"])
        try RunnerFile(id: runner.id, uuid: runner.uuid, name: runner.name, token: runner.token, address: forgejo.instance.url,
                       labels: ["shell:host"]).write(to: folder.appendingPathComponent(".runner").path)
        try Data("""
            runner:
              file: \(folder.path)/.runner
              fetch_interval: 100ms
              report_interval: 100ms
            \(extraConfig)
            """.utf8).write(to: folder.appendingPathComponent("config.yaml"))
        return folder
    }

    static func task(_ steps: String) -> Runner_V1_Task {
        .forTests(payload: "on: push\njobs:\n  build:\n    runs-on: shell\n    steps:\n\(steps)")
    }

    @Test func oneJobRunsOneTaskReportsItAndExitsWithItsResult() throws {
        let forgejo = try FakeForgejo()
        let folder = try runnerFolder(forgejo)
        defer { try? FileManager.default.removeItem(at: folder) }
        let id = forgejo.enqueue(task: Self.task("      - run: echo hello from one-job\n"), labels: ["shell"])
        let result = try BinaryRunner.run(["one-job", "--config", folder.path + "/config.yaml", "--state-directory", folder.path + "/state"],
                                          in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(forgejo.logs(of: id).contains { $0.content == "hello from one-job" })
        #expect(forgejo.state(of: id)?.result == .success)
        #expect(forgejo.calls(of: .declare) == 1)
    }

    @Test func sigtermDuringAJobCancelsItRunsItsCleanUpAndReportsIt() throws {
        let forgejo = try FakeForgejo()
        let folder = try runnerFolder(forgejo)
        defer { try? FileManager.default.removeItem(at: folder) }
        let id = forgejo.enqueue(task: Self.task("      - run: echo started; sleep 30\n      - if: always()\n        run: echo cleaning up\n"),
                                 labels: ["shell"])
        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = ["daemon", "--config", folder.path + "/config.yaml", "--state-directory", folder.path + "/state"]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !forgejo.logs(of: id).contains(where: { $0.content == "started" }) { usleep(50_000) }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(forgejo.state(of: id)?.result == .cancelled)
        let rows = forgejo.logs(of: id).map(\.content)
        #expect(rows.contains("cleaning up") && rows.contains { $0.contains("shutting down") })
        #expect(forgejo.isLogArchived(task: id))
    }

    @Test func withoutARunnerFileTheDaemonSaysToRegister() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try BinaryRunner.run(["daemon", "--state-directory", folder.path + "/state"], in: folder)
        #expect(result.status != 0)
        #expect((result.standardOutput + result.standardError).contains("swift-runner register"))
    }
}
