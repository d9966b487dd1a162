import Executors
import Foundation

/// A task's state as `UpdateTask` sends it.
public struct TaskStateReport: Sendable, Equatable {
    public var id: Int64
    /// Nil while the task runs.
    public var result: JobOutcome?
    public var startedAt: Date?
    public var stoppedAt: Date?
    public var steps: [TaskStepState]
}

/// What the server answered to `UpdateTask`.
public struct TaskStateAnswer: Sendable, Equatable {
    /// Set when the server has finished the task itself (a user cancelled it).
    public var result: JobOutcome?
    /// Every output key the server holds.
    public var sentOutputs: [String]

    public init(result: JobOutcome?, sentOutputs: [String]) {
        self.result = result
        self.sentOutputs = sentOutputs
    }
}

/// The two calls a running task makes (the Connect client in production, a stand-in in tests).
public protocol TaskReportingService: Sendable {
    /// Sends `rows` starting at row `index`; returns the server's `ack_index`.
    func updateLog(task: Int64, index: Int, rows: [TaskLogRow], noMore: Bool) async throws -> Int
    func updateTask(_ state: TaskStateReport, outputs: [String: String]) async throws -> TaskStateAnswer
}

/// Sends a task's log and state to the server every `interval` while it runs (each `UpdateTask` is also the
/// task's heartbeat), then the rest of the log with `no_more` and the final state, retried until the server
/// takes them. A failed call loses nothing: rows stay in the task's `LogBuffer` until acknowledged and are sent
/// again from the acknowledged row on.
public final class TaskReporter: Sendable {
    /// Forgejo's limits for an output; larger ones are skipped with a log line rather than failing the update.
    static let maximumOutputKeyBytes = 255
    static let maximumOutputValueBytes = 1 << 20
    /// Rows per `UpdateLog`.
    static let batchSize = 1000

    let taskID: Int64
    let progress: TaskProgress
    let service: any TaskReportingService
    let interval: Duration
    /// Called once when the server says the task is over while it still runs (cancelled in the UI).
    let onServerCancel: @Sendable (JobOutcome) -> Void
    private let state = LockedValue(ReporterState())

    private struct ReporterState {
        var cancelSeen = false
        var failures = 0
        var skippedOutputs: Set<String> = []
    }

    public init(taskID: Int64, progress: TaskProgress, service: any TaskReportingService, interval: Duration = .seconds(1),
                onServerCancel: @escaping @Sendable (JobOutcome) -> Void) {
        self.taskID = taskID
        self.progress = progress
        self.service = service
        self.interval = interval
        self.onServerCancel = onServerCancel
    }

    /// Reports every `interval` until the task's job has finished (`finished` returns), then delivers the rest.
    /// `giveUp` ends the final delivery early (a second shutdown signal); otherwise it retries until accepted.
    public func run(until finished: @Sendable () async -> Void, giveUp: @escaping @Sendable () -> Bool = { false }) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // At once first: the server sees the task running (and its heartbeat) without waiting an interval.
                await self.reportOnce()
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.interval)
                    if Task.isCancelled { break }
                    await self.reportOnce()
                }
            }
            await finished()
            group.cancelAll()
        }
        await deliverFinal(giveUp: giveUp)
    }

    /// One round: pending log rows, then the state.
    func reportOnce() async {
        do {
            try await sendLog(final: false)
            try await sendState(outputs: sendableOutputs())
            state.withLock { $0.failures = 0 }
        } catch {
            state.withLock { $0.failures += 1 }
        }
    }

    /// The rest of the log (with `no_more`) and the final state, retried with backoff (100 ms doubling to 5 s: an
    /// instance that comes back gets them within seconds).
    func deliverFinal(giveUp: @Sendable () -> Bool) async {
        var delay = Duration.milliseconds(100)
        // Before the log's last row: leaving an output out writes a line.
        let outputs = sendableOutputs()
        while true {
            do {
                try await sendLog(final: true)
                try await sendState(outputs: outputs)
                return
            } catch {
                if giveUp() { return }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    /// Sends rows from the acknowledged one on, batch after batch; with `final`, until the server has all of them
    /// and knows there are no more (a log the server already archived counts as delivered: the service answers
    /// that with the full count).
    private func sendLog(final: Bool) async throws {
        while true {
            let batch = try progress.pendingLog(limit: Self.batchSize)
            let last = final && batch.complete
            guard !batch.rows.isEmpty || last else { return }
            let ack = try await service.updateLog(task: taskID, index: batch.index, rows: batch.rows, noMore: last)
            try progress.acknowledgeLog(ack)
            let allTaken = ack >= batch.index + batch.rows.count
            if last, allTaken { return }
            // A server that took less than was sent gets the rest from its ack in the next round.
            if !allTaken, !final { return }
        }
    }

    private func sendState(outputs: [String: String]) async throws {
        let current = progress.state()
        let report = TaskStateReport(id: taskID, result: current.result, startedAt: current.startedAt,
                                     stoppedAt: current.stoppedAt, steps: current.steps)
        let answer = try await service.updateTask(report, outputs: outputs)
        progress.outputsConfirmed(answer.sentOutputs)
        if current.result == nil, let serverResult = answer.result, serverResult == .cancelled || serverResult == .failure {
            let first = state.withLock { state -> Bool in
                defer { state.cancelSeen = true }
                return !state.cancelSeen
            }
            if first { onServerCancel(serverResult) }
        }
    }

    /// Unsent outputs within the server's limits; the others are left out once, with a log line.
    private func sendableOutputs() -> [String: String] {
        var outputs: [String: String] = [:]
        for (key, value) in progress.unsentOutputs() {
            if key.utf8.count <= Self.maximumOutputKeyBytes, value.utf8.count <= Self.maximumOutputValueBytes {
                outputs[key] = value
            } else if state.withLock({ $0.skippedOutputs.insert(key).inserted }) {
                progress.note("Warning: output \(key.prefix(64)) is not sent: Forgejo takes keys up to 255 bytes and values up to 1 MiB")
            }
        }
        return outputs
    }

    /// Failed rounds in a row, for the daemon's metrics and logs.
    public var consecutiveFailures: Int { state.withLock { $0.failures } }
}
