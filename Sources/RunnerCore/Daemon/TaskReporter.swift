import Executors
import Logging
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

    let logger: Logger

    public init(taskID: Int64, progress: TaskProgress, service: any TaskReportingService, interval: Duration = .seconds(1),
                logger: Logger = Logger(label: "swift-runner.report"), onServerCancel: @escaping @Sendable (JobOutcome) -> Void) {
        self.taskID = taskID
        self.logger = logger
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

    /// One round: the log rows pending when it began, then the state, each on its own: a log the server refuses
    /// does not stop the heartbeat and the check for a cancellation.
    func reportOnce() async {
        var failed = false
        do {
            try await sendLog(final: false)
        } catch {
            failed = true
            complain("UpdateLog", error)
        }
        do {
            try await sendState(outputs: sendableOutputs())
        } catch {
            failed = true
            complain("UpdateTask", error)
        }
        state.withLock { $0.failures = failed ? $0.failures + 1 : 0 }
    }

    /// The rest of the log (with `no_more`) and the final state, retried with backoff (100 ms doubling to 5 s: an
    /// instance that comes back gets them within seconds) for as long as the failure can pass; one that cannot
    /// (the server forgot rows, or no longer knows the runner) is logged and ends the attempt.
    func deliverFinal(giveUp: @Sendable () -> Bool) async {
        var delay = Duration.milliseconds(100)
        // Before the log's last row: leaving an output out writes a line.
        let outputs = sendableOutputs()
        var logDelivered = false
        while true {
            do {
                if !logDelivered {
                    try await sendLog(final: true)
                    logDelivered = true
                }
                try await sendState(outputs: outputs)
                return
            } catch {
                complain(logDelivered ? "the final UpdateTask" : "the final UpdateLog", error)
                if giveUp() || !Self.mayPass(error) { break }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
        // The state at least: a log that cannot be delivered must not leave the task running on the server.
        if !logDelivered { try? await sendState(outputs: outputs) }
    }

    /// Whether trying again can help: network trouble and an unavailable server can; a server that forgot
    /// acknowledged rows or refuses the runner cannot.
    static func mayPass(_ error: any Error) -> Bool {
        if let error = error as? ForgejoError { return error.isTransient }
        return !(error is LogBufferError)
    }

    private func complain(_ call: String, _ error: any Error) {
        logger.warning("cannot report a task; its log rows stay queued", metadata: [
            "task": "\(taskID)", "call": "\(call)", "reason": "\(error)", "pending rows": "\(progress.pendingRows)",
        ])
    }

    /// Sends rows from the acknowledged one on. A round sends what was pending when it began (so steady output
    /// cannot hold off the state update) and nothing once the job has finished: the last rows go with `no_more`,
    /// which the server ignores on an empty call. With `final`, until the server has all rows and knows there are
    /// no more (a log it already archived counts as delivered: the service answers that with the full count).
    private func sendLog(final: Bool) async throws {
        let target = progress.rowCount
        while true {
            let batch = try progress.pendingLog(limit: Self.batchSize)
            if !final, batch.finished || batch.index >= target { return }
            let last = final && batch.complete
            guard !batch.rows.isEmpty || last else { return }
            let ack = try await service.updateLog(task: taskID, index: batch.index, rows: batch.rows, noMore: last)
            try progress.acknowledgeLog(ack)
            // Rows sent from exactly the server's own count must be stored; a server that takes none of them refuses
            // them, and sending them again would loop.
            if ack == batch.index, !batch.rows.isEmpty { throw LogBufferError.refused(index: ack) }
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
