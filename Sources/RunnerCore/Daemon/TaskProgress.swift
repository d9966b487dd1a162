import Executors
import Foundation

/// One step of a task as Forgejo shows it: ids `0..n-1` in the job's order, with the rows of the task log it
/// wrote (`log_index`, `log_length`).
public struct TaskStepState: Sendable, Equatable {
    public var id: Int
    public var result: JobOutcome?
    public var startedAt: Date?
    public var stoppedAt: Date?
    public var logIndex = 0
    public var logLength = 0
}

/// Everything a running task has produced for the server: its log (in a `LogBuffer` until acknowledged), its
/// steps' states, its result and outputs. It is the task's `JobReporter`: the engine reports into it from any
/// thread; the reporting loop reads from it and sends.
///
/// Only the task's own job has steps on the server; the jobs of a reusable workflow it calls (Forgejo 11 runs
/// them inside the one task) write into the same log, their lines prefixed with their name, outside any step.
public final class TaskProgress: JobReporter, @unchecked Sendable {
    private let lock = NSLock()
    private let log: LogBuffer
    /// The job whose steps are the task's steps.
    private let taskJob: String
    private var steps: [TaskStepState] = []
    private var runningStep: Int?
    private(set) var startedAt: Date?
    private var result: JobResult?
    private var stoppedAt: Date?
    private var sentOutputs: Set<String> = []
    private var logFailure: String?

    public init(taskJob: String, log: LogBuffer) {
        self.taskJob = taskJob
        self.log = log
    }

    // MARK: JobReporter

    public func jobStarted(_ job: String, steps planned: [PlannedStep]) {
        lock.withLock {
            if job == taskJob {
                startedAt = startedAt ?? Date()
                steps = planned.map { TaskStepState(id: $0.index) }
            }
        }
        if job != taskJob { append("[\(job)] started") }
    }

    public func stepStarted(_ job: String, step: PlannedStep) {
        guard job == taskJob else { return append("[\(job)] \(step.name)") }
        lock.withLock {
            guard steps.indices.contains(step.index) else { return }
            steps[step.index].startedAt = Date()
            steps[step.index].logIndex = log.count
            runningStep = step.index
        }
        append(step.name)
    }

    public func log(_ job: String, step: Int?, line: String) {
        append(job == taskJob ? line : "[\(job)] \(line)")
    }

    public func annotation(_ job: String, step: Int?, _ annotation: JobAnnotation) {
        // The engine logs every annotation as a line too; the server has no annotations of its own.
    }

    public func stepFinished(_ job: String, step: PlannedStep, outcome: JobOutcome, conclusion: JobOutcome) {
        guard job == taskJob else { return append("[\(job)] \(step.name): \(conclusion.rawValue)") }
        lock.withLock {
            guard steps.indices.contains(step.index) else { return }
            steps[step.index].result = conclusion
            steps[step.index].stoppedAt = Date()
            steps[step.index].logLength = log.count - steps[step.index].logIndex
            runningStep = nil
        }
    }

    public func jobFinished(_ job: String, result: JobResult) {
        guard job == taskJob else { return append("[\(job)] finished: \(result.outcome.rawValue)") }
        // The log's last row, as the reference runner writes one; the final UpdateLog carries it with no_more.
        append("Job \(result.outcome == .success ? "succeeded" : result.outcome.rawValue)")
        lock.withLock {
            // Steps that never started (the job failed before them, or was cancelled) end skipped, as on GitHub.
            for index in steps.indices where steps[index].result == nil { steps[index].result = .skipped }
            self.result = result
            stoppedAt = Date()
        }
    }

    /// The task could not start (unreadable, no label for it, no sandbox): its log says why and it failed.
    public func failBeforeStart(_ job: String, _ error: any Error) -> JobResult {
        jobStarted(job, steps: [])
        note("Error: \(error)")
        let result = JobResult(outcome: .failure)
        jobFinished(job, result: result)
        return result
    }

    /// A line of the runner's own (set-up, clean-up, a timeout), outside any step.
    public func note(_ line: String) {
        append(line)
    }

    private func append(_ content: String) {
        lock.withLock {
            do {
                try log.append(TaskLogRow(time: Date(), content: content))
                if let running = runningStep, steps.indices.contains(running) {
                    steps[running].logLength = log.count - steps[running].logIndex
                }
            } catch {
                logFailure = logFailure ?? "\(error)"
            }
        }
    }

    // MARK: For the reporting loop

    /// The rows to send next (`index` is `UpdateLog.index`), and whether the log is complete.
    /// `finished`: the job has ended (its last rows wait for the final, `no_more` call).
    public func pendingLog(limit: Int = 1000) throws -> (index: Int, rows: [TaskLogRow], complete: Bool, finished: Bool) {
        try lock.withLock {
            let batch = try log.unacknowledged(limit: limit)
            return (batch.index, batch.rows, result != nil && batch.index + batch.rows.count == log.count, result != nil)
        }
    }

    /// Rows written so far (acknowledged or not).
    public var rowCount: Int { lock.withLock { log.count } }

    public func acknowledgeLog(_ ack: Int) throws {
        try lock.withLock { try log.acknowledge(ack) }
    }

    /// Log rows not yet acknowledged.
    public var pendingRows: Int { lock.withLock { log.pending } }

    /// The state to send: steps as they stand, the result once the job finished.
    public func state() -> (result: JobOutcome?, startedAt: Date?, stoppedAt: Date?, steps: [TaskStepState]) {
        lock.withLock { (result?.outcome, startedAt, stoppedAt, steps) }
    }

    /// Outputs the server has not confirmed yet; Forgejo takes job outputs only from a successful job.
    public func unsentOutputs() -> [String: String] {
        lock.withLock {
            guard let result, result.outcome == .success else { return [:] }
            return result.outputs.filter { !sentOutputs.contains($0.key) }
        }
    }

    /// The keys the server says it holds (`sent_outputs`).
    public func outputsConfirmed(_ keys: [String]) {
        lock.withLock { sentOutputs.formUnion(keys) }
    }

    /// A log row that could not be kept (the spill file's disk is full): said once, at the end.
    public var logProblem: String? { lock.withLock { logFailure } }
}
