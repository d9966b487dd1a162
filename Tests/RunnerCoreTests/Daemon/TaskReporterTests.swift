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
            /// Answers acks this many rows short: a server that lost rows.
            var forgetting = 0
        }
        let state = LockedValue(State())

        func updateLog(task: Int64, index: Int, rows: [TaskLogRow], noMore: Bool) async throws -> Int {
            try state.withLock { state in
                if state.failing > 0 {
                    state.failing -= 1
                    throw TaskError("HTTP 503")
                }
                let ack = state.rows.count
                // Forgejo: an empty call, or one wholly behind or ahead of the ack, stores nothing (no_more too).
                guard !rows.isEmpty, index <= ack, index + rows.count > ack else { return ack - state.forgetting }
                state.rows += rows[(ack - index)...].map(\.content)
                if noMore { state.archived = true }
                return state.rows.count - state.forgetting
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

    @Test func aJobThatEndsAfterAllItsRowsWereSentStillArchivesItsLog() async throws {
        let scratch = try TemporaryDirectory()
        let progress = progress(scratch)
        let server = RuleServer()
        let reporter = TaskReporter(taskID: 2, progress: progress, service: server, interval: .milliseconds(10)) { _ in }
        progress.jobStarted("job", steps: [])
        await reporter.run(until: {
            progress.log("job", step: nil, line: "only line")
            try? await Task.sleep(for: .milliseconds(200))  // every round has sent it by now
            progress.jobFinished("job", result: JobResult(outcome: .success))
        })
        let stored = server.state.withLock { $0 }
        #expect(stored.archived, "the final call carried a row, so no_more counted")
        #expect(stored.rows == ["only line", "Job succeeded"])
    }

    @Test func aServerThatLostRowsEndsTheFinalDeliveryButStillGetsTheState() async throws {
        let scratch = try TemporaryDirectory()
        let progress = progress(scratch)
        let server = RuleServer()
        let reporter = TaskReporter(taskID: 3, progress: progress, service: server, interval: .seconds(60)) { _ in }
        progress.jobStarted("job", steps: [])
        progress.log("job", step: nil, line: "one")
        await reporter.reportOnce()
        server.state.withLock { $0.forgetting = 1 }
        progress.log("job", step: nil, line: "two")
        progress.jobFinished("job", result: JobResult(outcome: .failure))
        await reporter.deliverFinal(giveUp: { false })  // returns: retrying cannot help
        #expect(server.state.withLock { $0.states.last?.result } == .failure)
    }

    @Test func steadyOutputDoesNotHoldOffTheStateUpdate() async throws {
        let scratch = try TemporaryDirectory()
        let progress = progress(scratch)
        let server = RuleServer()
        let cancelled = LockedValue(false)
        let reporter = TaskReporter(taskID: 4, progress: progress, service: server, interval: .milliseconds(20)) { _ in
            cancelled.withLock { $0 = true }
        }
        progress.jobStarted("job", steps: [])
        server.state.withLock { $0.result = .cancelled }
        await reporter.run(until: {
            var written = 0
            while !cancelled.withLock({ $0 }), written < 200_000 {
                progress.log("job", step: nil, line: "busy \(written)")
                written += 1
                if written % 50 == 0 { await Task.yield() }
            }
            progress.jobFinished("job", result: JobResult(outcome: .cancelled))
        })
        #expect(cancelled.withLock { $0 }, "the cancellation was seen while output kept coming")
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
