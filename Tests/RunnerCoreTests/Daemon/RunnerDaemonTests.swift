import Executors
import Foundation
import Logging
import Testing
import TestSupport
import WorkflowParser
@testable import RunnerCore

/// The daemon's loops against an in-memory queue and the rule server of TaskReporterTests.
@Suite struct RunnerDaemonTests {
    final class QueueSource: TaskSource, Sendable {
        let state = LockedValue<(queue: [TaskInput], versions: [Int64], current: Int64)>(([], [], 5))

        func fetchTask(tasksVersion: Int64, requestKey: UUID) async throws -> (task: TaskInput?, tasksVersion: Int64) {
            state.withLock { state in
                state.versions.append(tasksVersion)
                guard !state.queue.isEmpty else { return (nil, state.current) }
                return (state.queue.removeFirst(), state.current)
            }
        }
    }

    static func task(_ id: Int64, _ steps: String) -> TaskInput {
        TaskInput(id: id, payload: "on: push\njobs:\n  work:\n    runs-on: shell\n    steps:\n" + steps,
                  context: ExpressionObject([(key: "repository", value: "owner/repo"),
                                             (key: "forgejo_default_actions_url", value: "https://data.forgejo.org")]))
    }

    private func daemon(_ scratch: TemporaryDirectory, source: QueueSource, server: TaskReporterTests.RuleServer,
                        capacity: Int = 1) -> RunnerDaemon {
        RunnerDaemon(source: source, reporting: server, labels: [RunnerLabel(name: "shell", schema: .host)],
                     providers: SandboxProviders(settings: .init(stateDirectory: scratch.path + "/state"), software: "tests"),
                     settings: .forTests(capacity: capacity, fetchInterval: .milliseconds(20), reportInterval: .milliseconds(50)),
                     stateDirectory: scratch.path + "/state", runnerName: "test-runner",
                     logger: Logger(label: "test"))
    }

    @Test func oneJobTakesOneTaskRunsItAndReportsIt() async throws {
        let scratch = try TemporaryDirectory()
        let source = QueueSource()
        source.state.withLock { $0.queue = [Self.task(41, "      - run: echo hello from the task\n")] }
        let server = TaskReporterTests.RuleServer()
        let result = await daemon(scratch, source: source, server: server).runOne()
        #expect(result?.outcome == .success)
        let stored = server.state.withLock { $0 }
        #expect(stored.rows.contains("hello from the task") && stored.archived)
        #expect(stored.states.last?.result == .success)
        #expect(source.state.withLock { $0.versions.first } == 0)
    }

    @Test func capacityLoopsShareOneFetchPace() async throws {
        let scratch = try TemporaryDirectory()
        let source = QueueSource()
        let daemon = daemon(scratch, source: source, server: TaskReporterTests.RuleServer(), capacity: 4)
        let stopper = Task {
            try? await Task.sleep(for: .seconds(1))
            daemon.shutdown()
        }
        await daemon.run()
        await stopper.value
        // One fetch per 20 ms interval among all four loops: about 50 in a second, never four times that.
        let fetches = source.state.withLock { $0.versions.count }
        #expect(fetches <= 60, "\(fetches) fetches in one second")
    }

    @Test func capacityTwoRunsTwoTasksAtOnceAndTheVersionRuleHolds() async throws {
        let scratch = try TemporaryDirectory()
        let source = QueueSource()
        source.state.withLock { $0.queue = [Self.task(1, "      - run: sleep 1\n"), Self.task(2, "      - run: sleep 1\n")] }
        let server = TaskReporterTests.RuleServer()
        let daemon = daemon(scratch, source: source, server: server, capacity: 2)
        let watcher = Task {
            var most = 0
            for _ in 0..<60 {
                most = max(most, daemon.counters.running)
                try? await Task.sleep(for: .milliseconds(50))
            }
            daemon.shutdown()
            return most
        }
        await daemon.run()
        #expect(await watcher.value == 2)
        #expect(daemon.counters.finished[.success] == 2)
        let versions = source.state.withLock { $0.versions }
        #expect(versions.contains(5), "the server's version is sent back while nothing comes")
    }
}
