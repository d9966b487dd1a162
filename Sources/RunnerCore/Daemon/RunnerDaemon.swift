import Executors
import Foundation
import Logging

/// Where tasks come from (FetchTask in production).
public protocol TaskSource: Sendable {
    /// One poll: a task when the server has one for this runner, and the server's current tasks version.
    /// `requestKey` is the same for a retry after a failed call (a server that assigned a task whose answer was lost
    /// gives it again) and new after every answer.
    func fetchTask(tasksVersion: Int64, requestKey: UUID) async throws -> (task: TaskInput?, tasksVersion: Int64)
}

/// What the daemon has done, for `/metrics` and the logs.
public struct DaemonCounters: Sendable, Equatable {
    public var running = 0
    public var finished: [JobOutcome: Int] = [:]
    public var fetchErrors = 0
    public var pendingLogRows = 0
}

/// The runner: polls for tasks with `capacity` loops, runs each (`TaskExecution`) while its `TaskReporter` keeps
/// the server informed, and on shutdown stops fetching, lets running tasks finish up to `shutdownTimeout`, then
/// cancels them and still delivers their final reports.
public final class RunnerDaemon: Sendable {
    let source: any TaskSource
    let reporting: any TaskReportingService
    let labels: [RunnerLabel]
    let providers: SandboxProviders
    let settings: DaemonSettings
    /// Task logs waiting for the server, and the action cache, live below it.
    let stateDirectory: String
    let runnerName: String
    let logger: Logger
    private let state = LockedValue(DaemonState())

    private struct DaemonState {
        var stopping = false
        var stopNow = false
        var tasksVersion: Int64 = 0
        var executions: [Int64: (execution: TaskExecution, progress: TaskProgress)] = [:]
        var counters = DaemonCounters()
        /// The capacity loops share one pace: at most one FetchTask per `fetch_interval` among them all.
        var nextFetch = ContinuousClock.now
    }

    public init(source: any TaskSource, reporting: any TaskReportingService, labels: [RunnerLabel], providers: SandboxProviders,
                settings: DaemonSettings, stateDirectory: String, runnerName: String, logger: Logger) {
        self.source = source
        self.reporting = reporting
        self.labels = labels
        self.providers = providers
        self.settings = settings
        self.stateDirectory = stateDirectory
        self.runnerName = runnerName
        self.logger = logger
    }

    public var counters: DaemonCounters {
        state.withLock { state in
            var counters = state.counters
            counters.pendingLogRows = state.executions.values.reduce(0) { $0 + $1.progress.pendingRows }
            return counters
        }
    }

    /// First signal: no new tasks; running ones get `shutdownTimeout`, then are cancelled.
    public func shutdown() {
        let executions = state.withLock { state -> [TaskExecution] in
            state.stopping = true
            return state.executions.values.map(\.execution)
        }
        logger.info("shutting down: no new tasks", metadata: ["running": "\(executions.count)"])
        let timeout = settings.shutdownTimeout
        Task {
            try? await Task.sleep(for: timeout)
            for execution in executions { execution.cancel(reason: "Cancelled: the runner is shutting down") }
        }
    }

    /// Second signal: cancel at once and give up retrying final reports that the server does not take.
    public func stopNow() {
        let executions = state.withLock { state -> [TaskExecution] in
            state.stopping = true
            state.stopNow = true
            return state.executions.values.map(\.execution)
        }
        for execution in executions { execution.cancel(reason: "Cancelled: the runner was stopped") }
    }

    /// Polls and runs tasks until `shutdown`; returns when every task it took has been reported.
    public func run() async {
        removeStaleSpillFiles()
        await withTaskGroup(of: Void.self) { group in
            for loop in 0..<max(1, settings.capacity) {
                group.addTask { await self.pollLoop(loop) }
            }
        }
    }

    /// `one-job`: polls until one task comes (or `shutdown`), runs it, reports it; nil when none came.
    public func runOne() async -> JobResult? {
        removeStaleSpillFiles()
        var key = UUID()
        while !state.withLock({ $0.stopping }) {
            await waitForTurn()
            if let task = await poll(&key) { return await execute(task) }
        }
        return nil
    }

    private func pollLoop(_ loop: Int) async {
        var failures = 0
        var key = UUID()
        while !state.withLock({ $0.stopping }) {
            await waitForTurn()
            do {
                if let task = try await fetch(&key) {
                    failures = 0
                    _ = await execute(task)
                    continue
                }
                failures = 0
            } catch {
                failures += 1
                state.withLock { $0.counters.fetchErrors += 1 }
                let delay = Self.backoff(failures: failures, base: settings.fetchInterval)
                logger.warning("cannot fetch a task; trying again", metadata: ["reason": "\(error)", "in": "\(delay)"])
                await sleepUnlessStopping(delay)
            }
        }
    }

    /// Waits for this loop's slot: the loops together fetch at most once per `fetch_interval`.
    private func waitForTurn() async {
        let interval = settings.fetchInterval
        let slot = state.withLock { state -> ContinuousClock.Instant in
            let slot = max(ContinuousClock.now, state.nextFetch)
            state.nextFetch = slot + interval
            return slot
        }
        await sleepUnlessStopping(slot - ContinuousClock.now)
    }

    /// Sleeps in short slices, so a shutdown is not held up by a long backoff.
    private func sleepUnlessStopping(_ duration: Duration) async {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end, !state.withLock({ $0.stopping }) {
            try? await Task.sleep(for: min(.milliseconds(250), end - ContinuousClock.now))
        }
    }

    private func poll(_ key: inout UUID) async -> TaskInput? {
        do {
            return try await fetch(&key)
        } catch {
            state.withLock { $0.counters.fetchErrors += 1 }
            logger.warning("cannot fetch a task", metadata: ["reason": "\(error)"])
            return nil
        }
    }

    /// One FetchTask with the tasks-version rule: send the highest version seen, reset it to 0 after a task.
    private func fetch(_ key: inout UUID) async throws -> TaskInput? {
        let version = state.withLock { $0.tasksVersion }
        let answer = try await source.fetchTask(tasksVersion: version, requestKey: key)
        key = UUID()
        state.withLock { state in
            state.tasksVersion = answer.task == nil ? max(state.tasksVersion, answer.tasksVersion) : 0
        }
        return answer.task
    }

    /// Jittered exponential backoff: the fetch interval doubling per failure, at most a minute, ±20 %.
    static func backoff(failures: Int, base: Duration) -> Duration {
        let interval = max(1, Double(base.components.seconds) + Double(base.components.attoseconds) / 1e18)
        let seconds = min(60, interval * pow(2, Double(min(failures, 10))))
        return .milliseconds(Int(seconds * 1000 * Double.random(in: 0.8...1.2)))
    }

    /// Runs one task with its reporter; the task's log and state reach the server even when the task could not
    /// even be read.
    func execute(_ input: TaskInput) async -> JobResult {
        try? FileManager.default.createDirectory(atPath: stateDirectory + "/logs", withIntermediateDirectories: true)
        let spill = stateDirectory + "/logs/task-\(input.id).spill"
        var task: TaskJob
        do {
            task = try TaskJob.make(input, runnerName: runnerName)
        } catch {
            let progress = TaskProgress(taskJob: "task-\(input.id)-job", log: LogBuffer(spillPath: spill))
            logger.error("cannot read a task", metadata: ["task": "\(input.id)", "reason": "\(error)"])
            let result = await report(input.id, progress: progress) {
                progress.failBeforeStart("task-\(input.id)-job", error)
            }
            state.withLock { $0.counters.finished[.failure, default: 0] += 1 }
            return result
        }
        task.definition.extraEnvironment = jobEnvironment.merging(task.definition.extraEnvironment) { $1 }
        let taskProgress = TaskProgress(taskJob: task.definition.displayName, log: LogBuffer(spillPath: spill))
        let execution = TaskExecution(task: task, labels: labels, providers: providers, progress: taskProgress,
                                      actionsRoot: stateDirectory + "/actions")
        let stopping = state.withLock { state -> Bool in
            state.executions[input.id] = (execution, taskProgress)
            state.counters.running += 1
            return state.stopping
        }
        if stopping { execution.cancel(reason: "Cancelled: the runner is shutting down") }
        logger.info("running a task", metadata: ["task": "\(input.id)", "job": "\(task.definition.job.id.value)"])
        let jobTimeout = settings.jobTimeout
        let result = await report(input.id, progress: taskProgress, cancel: { execution.cancel(reason: $0) }) {
            let watchdog = Task {
                try? await Task.sleep(for: jobTimeout)
                guard !Task.isCancelled else { return }
                execution.cancel(reason: "The job exceeded the runner's maximum run time of \(jobTimeout) (runner.timeout) and was cancelled.")
            }
            defer { watchdog.cancel() }
            return await execution.run()
        }
        state.withLock { state in
            state.executions[input.id] = nil
            state.counters.running -= 1
            state.counters.finished[result.outcome, default: 0] += 1
        }
        logger.info("task finished", metadata: ["task": "\(input.id)", "result": "\(result.outcome.rawValue)"])
        if let problem = taskProgress.logProblem {
            logger.error("log rows of a task were lost", metadata: ["task": "\(input.id)", "reason": "\(problem)"])
        }
        return result
    }

    /// Spill files of a runner that was killed: their tasks were failed by the server long ago.
    private func removeStaleSpillFiles() {
        let folder = stateDirectory + "/logs"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".spill") {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }

    /// `runner.envs` over `runner.env_file` (read per task, so an edit needs no restart).
    private var jobEnvironment: [String: String] {
        var environment: [String: String] = [:]
        if let file = settings.environmentFile, let text = try? String(contentsOfFile: file, encoding: .utf8) {
            do {
                for pair in try DotEnvFile.parse(text, file: file) { environment[pair.key] = pair.value }
            } catch {
                logger.warning("runner.env_file is not read", metadata: ["reason": "\(error)"])
            }
        }
        return environment.merging(settings.environment) { $1 }
    }

    /// Runs `body` while a reporter sends the task's progress, then delivers the final report.
    private func report(_ taskID: Int64, progress: TaskProgress, cancel: @escaping @Sendable (String) -> Void = { _ in },
                        _ body: @escaping @Sendable () async -> JobResult) async -> JobResult {
        let reporter = TaskReporter(taskID: taskID, progress: progress, service: reporting, interval: settings.reportInterval,
                                    logger: logger) { outcome in
            cancel("Cancelled: the task was \(outcome == .cancelled ? "cancelled" : "ended") on the server")
        }
        let result = LockedValue(JobResult(outcome: .failure))
        await reporter.run(until: {
            let value = await body()
            result.withLock { $0 = value }
        }, giveUp: { self.state.withLock { $0.stopNow } })
        return result.withLock { $0 }
    }
}
