import Executors
import Foundation
import Testing
import TestSupport
@testable import RunnerCore

/// The reporting loop against a server that applies Forgejo's log rules and fails on demand.
@Suite struct TaskReporterTests {
    /// Forgejo's UpdateLog rule: store rows[ack-index:] when index ≤ ack < index+count; always answer the count
    /// stored. Calls fail while `failing` > 0.
    final class RuleServer: TaskReportingService, Sendable {
        struct State {
            var rows: [String] = []
            var archived = false
            var failing = 0
            var states: [TaskStateReport] = []
            var outputs: [String: String] = [:]
            var result: JobOutcome?
        }
        let state = LockedValue(State())

        func updateLog(task: Int64, index: Int, rows: [TaskLogRow], noMore: Bool) async throws -> Int {
            try state.withLock { state in
                if state.failing > 0 {
                    state.failing -= 1
                    throw TaskError("HTTP 503")
                }
                let ack = state.rows.count
                if !rows.isEmpty, index <= ack, index + rows.count > ack {
                    state.rows += rows[(ack - index)...].map(\.content)
                }
                if noMore { state.archived = true }
                return state.rows.count
            }
        }

        func updateTask(_ report: TaskStateReport, outputs: [String: String]) async throws -> TaskStateAnswer {
            try state.withLock { state in
                if state.failing > 0 {
                    state.failing -= 1
                    throw TaskError("HTTP 500")
                }
                state.states.append(report)
                state.outputs.merge(outputs) { $1 }
                return TaskStateAnswer(result: state.result, sentOutputs: Array(state.outputs.keys))
            }
        }
    }

    private func progress(_ scratch: TemporaryDirectory) -> TaskProgress {
        TaskProgress(taskJob: "job", log: LogBuffer(spillPath: scratch.path + "/spill"))
    }

    @Test func everyRowArrivesOnceInOrderDespiteFailuresAndTheFinalStateLast() async throws {
        let scratch = try TemporaryDirectory()
        let progress = progress(scratch)
        let server = RuleServer()
        let reporter = TaskReporter(taskID: 9, progress: progress, service: server, interval: .milliseconds(20)) { _ in }
        let step = PlannedStep(index: 0, name: "Build")
        progress.jobStarted("job", steps: [step])
        progress.stepStarted("job", step: step)
        await reporter.run(until: {
            for index in 0..<2_500 {
                progress.log("job", step: 0, line: "line \(index)")
                if index % 700 == 0 {
                    server.state.withLock { $0.failing = 3 }
                    try? await Task.sleep(for: .milliseconds(30))
                }
            }
            progress.stepFinished("job", step: step, outcome: .success, conclusion: .success)
            server.state.withLock { $0.failing = 4 }
            progress.jobFinished("job", result: JobResult(outcome: .success, outputs: ["artifact": "a.tar", String(repeating: "k", count: 300): "too long a key"]))
        })
        let stored = server.state.withLock { $0 }
        #expect(stored.rows.first == "Build")
        #expect(Array(stored.rows.dropFirst().prefix(2_500)) == (0..<2_500).map { "line \($0)" })
        #expect(stored.archived)
        #expect(stored.states.last?.result == .success && stored.states.last?.stoppedAt != nil)
        #expect(stored.states.last?.steps.first?.logLength == 2_501)
        #expect(stored.outputs == ["artifact": "a.tar"])
        #expect(stored.rows.contains { $0.contains("is not sent: Forgejo takes keys up to 255 bytes") })
    }

    @Test func aTaskTheServerCancelledIsStopped() async throws {
        let scratch = try TemporaryDirectory()
        let progress = progress(scratch)
        let server = RuleServer()
        let cancelled = LockedValue<[JobOutcome]>([])
        let reporter = TaskReporter(taskID: 1, progress: progress, service: server, interval: .milliseconds(10)) { outcome in
            cancelled.withLock { $0.append(outcome) }
        }
        progress.jobStarted("job", steps: [])
        await reporter.run(until: {
            server.state.withLock { $0.result = .cancelled }
            for _ in 0..<100 where cancelled.withLock({ $0.isEmpty }) { try? await Task.sleep(for: .milliseconds(10)) }
            progress.jobFinished("job", result: JobResult(outcome: .cancelled))
        })
        #expect(cancelled.withLock { $0 } == [.cancelled], "told once")
    }
}
