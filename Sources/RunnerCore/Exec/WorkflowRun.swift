import Executors
import Foundation
import WorkflowParser

/// What one run of a workflow needs besides the workflow: the contexts from outside and where jobs go.
public struct WorkflowRunSettings: Sendable {
    public var github: ExpressionObject
    public var secrets: [String: String]
    public var vars: [String: String]
    public var inputs: ExpressionObject
    public var extraEnvironment: [String: String]
    /// The runner's labels: `runs-on` picks the first that matches.
    public var labels: [RunnerLabel]
    /// Where jobs whose `runs-on` matches no label run (exec's built-in default); nil makes them fail.
    public var fallbackLabel: RunnerLabel?
    public var profile: ForgejoProfile
    /// Jobs (matrix combinations count one each) running at once.
    public var capacity: Int
    /// Only these jobs (and what they need); empty runs all.
    public var selectedJobs: Set<String>
    /// A folder copied in as every job's workspace (`exec`'s working copy).
    public var workspaceSource: WorkspaceSource?
    public var runnerName: String
    /// See `JobDefinition.skipsCheckout`.
    public var skipsCheckout: Bool
    /// `exec --matrix KEY:VALUE`: only combinations whose value of each named key is one of those given (as text)
    /// run; combinations without the key are kept. Empty runs them all.
    public var matrixFilter: [String: Set<String>]

    public init(github: ExpressionObject, secrets: [String: String] = [:], vars: [String: String] = [:],
                inputs: ExpressionObject = ExpressionObject([]), extraEnvironment: [String: String] = [:],
                labels: [RunnerLabel] = [], fallbackLabel: RunnerLabel? = nil, profile: ForgejoProfile = .default,
                capacity: Int = 2, selectedJobs: Set<String> = [], workspaceSource: WorkspaceSource? = nil,
                runnerName: String = "swift-runner", skipsCheckout: Bool = false, matrixFilter: [String: Set<String>] = [:]) {
        self.github = github
        self.secrets = secrets
        self.vars = vars
        self.inputs = inputs
        self.extraEnvironment = extraEnvironment
        self.labels = labels
        self.fallbackLabel = fallbackLabel
        self.profile = profile
        self.capacity = capacity
        self.selectedJobs = selectedJobs
        self.workspaceSource = workspaceSource
        self.runnerName = runnerName
        self.skipsCheckout = skipsCheckout
        self.matrixFilter = matrixFilter
    }
}

/// How one job of the workflow ended (all its matrix combinations together), and each combination.
public struct WorkflowJobResult: Sendable, Equatable {
    public var jobID: String
    public var result: JobOutcome
    public var outputs: [String: String]
    /// Each combination's display name and result, in the order they ran.
    public var runs: [(name: String, result: JobResult)]
    /// Why the job did not run, when it did not (skipped by `if:`, not scheduled by the Forgejo profile, ...).
    public var note: String?

    public static func == (lhs: WorkflowJobResult, rhs: WorkflowJobResult) -> Bool {
        lhs.jobID == rhs.jobID && lhs.result == rhs.result && lhs.outputs == rhs.outputs && lhs.note == rhs.note
            && lhs.runs.map(\.name) == rhs.runs.map(\.name) && lhs.runs.map(\.result) == rhs.runs.map(\.result)
    }
}

/// What a run shares with the runs its reusable-workflow calls start: where sandboxes, actions and called
/// workflows come from, and how deep the calls nest.
public struct WorkflowRunContext: Sendable {
    public var providers: SandboxProviders
    public var actions: (any ActionProvider)?
    public var workflows: (any WorkflowSource)?
    /// Calls between the top workflow and this one.
    var depth = 0
    /// Put before job names in reports (`build / compile` for job compile of the workflow job build called).
    var labelPrefix = ""

    public init(providers: SandboxProviders, actions: (any ActionProvider)? = nil, workflows: (any WorkflowSource)? = nil) {
        self.providers = providers
        self.actions = actions
        self.workflows = workflows
    }
}

/// Something running that a cancelled run must stop: a job, or the run of a called workflow.
protocol CancellableRun: Sendable {
    func cancel(reason: String)
}

extension JobRunner: CancellableRun {}

/// Runs a workflow's jobs as a Forgejo run would: in `needs` order, independent jobs at once up to a capacity,
/// matrix combinations as jobs of their own (`fail-fast`, `max-parallel`), job `if:` judged on the needed jobs'
/// results, each combination by a `JobRunner`, and reusable-workflow calls by a nested run.
public final class WorkflowRun: CancellableRun {
    public let workflow: Workflow
    let settings: WorkflowRunSettings
    let context: WorkflowRunContext
    let reporter: any JobReporter
    private let running = LockedValue(RunningJobs())

    private struct RunningJobs {
        var units: [String: [any CancellableRun]] = [:]
        var cancelReason: String?
    }

    public init(workflow: Workflow, settings: WorkflowRunSettings, context: WorkflowRunContext, reporter: any JobReporter) {
        self.workflow = workflow
        self.settings = settings
        self.context = context
        self.reporter = reporter
    }

    /// Cancels every running job and starts no new one.
    public func cancel(reason: String) {
        let units = running.withLock { state -> [any CancellableRun] in
            state.cancelReason = state.cancelReason ?? reason
            return state.units.values.flatMap { $0 }
        }
        for unit in units { unit.cancel(reason: reason) }
    }

    private func register(_ unit: any CancellableRun, for jobID: String) {
        let reason = running.withLock { state -> String? in
            state.units[jobID, default: []].append(unit)
            return state.cancelReason
        }
        if let reason { unit.cancel(reason: reason) }
    }

    /// Runs the selected jobs (and the jobs they need) to their end; results in the workflow's job order.
    public func run() async -> [WorkflowJobResult] {
        let graph: JobGraph
        do {
            graph = try JobGraph(workflow)
        } catch {
            return workflow.jobs.map { job in
                reportNotRun(job.id.value, JobSkip(outcome: .failure, note: "\(error)"))
                return WorkflowJobResult(jobID: job.id.value, result: .failure, outputs: [:], runs: [], note: "\(error)")
            }
        }
        var scheduler = JobScheduler(workflow: workflow, selected: settings.selectedJobs)
        await withTaskGroup(of: (String, Int, String, JobResult).self) { group in
            var inFlight = 0
            while true {
                var ready = scheduler.readyJobs()
                while !ready.isEmpty {
                    for jobID in ready {
                        let prepared = prepare(jobID, results: scheduler.results, graph: graph)
                        if case .failure(let skip) = prepared { reportNotRun(jobID, skip) }
                        scheduler.expand(jobID, prepared)
                    }
                    ready = scheduler.readyJobs()
                }
                while inFlight < settings.capacity, running.withLock({ $0.cancelReason == nil }), let next = scheduler.nextCombination() {
                    inFlight += 1
                    group.addTask { (next.jobID, next.index, next.definition.displayName, await self.execute(next)) }
                }
                guard inFlight > 0 else { break }
                guard let (jobID, index, name, result) = await group.next() else { break }
                inFlight -= 1
                if scheduler.finish(jobID, index: index, name: name, result: result) {
                    let siblings = running.withLock { $0.units[jobID] ?? [] }
                    for sibling in siblings { sibling.cancel(reason: "Cancelled: another combination of \(jobID) failed (fail-fast)") }
                }
            }
        }
        if let reason = running.withLock({ $0.cancelReason }) { scheduler.cancelRemaining(reason) }
        scheduler.failStuckJobs()
        return scheduler.orderedResults()
    }

    /// Runs one combination: a job's steps, or a called workflow.
    private func execute(_ combination: PreparedCombination) async -> JobResult {
        switch combination.work {
        case .steps(let placement):
            let runner = JobRunner(definition: combination.definition, placement: placement, reporter: reporter,
                                   actions: context.actions, workspaceSource: settings.workspaceSource,
                                   label: combination.definition.displayName)
            register(runner, for: combination.jobID)
            return await runner.run()
        case .call(let call):
            let run = ReusableCallRun(caller: combination.definition, call: call, settings: settings, context: context)
            return await run.run(reporter: reporter) { self.register($0, for: combination.jobID) }
        }
    }

    /// A job that never ran still shows in the report, with why.
    private func reportNotRun(_ jobID: String, _ skip: JobSkip) {
        let label = context.labelPrefix + jobID
        reporter.jobStarted(label, steps: [])
        reporter.log(label, step: nil, line: skip.note)
        reporter.jobFinished(label, result: JobResult(outcome: skip.outcome))
    }

    /// Decides what becomes of a job whose needs have finished: its `if:`, its matrix, and for each combination
    /// its runner label or the workflow it calls.
    private func prepare(_ jobID: String, results: [String: WorkflowJobResult], graph: JobGraph) -> Result<[PreparedCombination], JobSkip> {
        guard let job = workflow.job(jobID) else { return .failure(JobSkip(outcome: .failure, note: "no job \(jobID)")) }
        let needs = Dictionary(job.needs.compactMap { need in
            results[need.value].map { (need.value, NeededJob(result: $0.result, outputs: $0.outputs)) }
        }) { $1 }
        let planner = JobPlanner(workflow: workflow, job: job, needs: needs, settings: settings,
                                 ancestors: graph.ancestors(of: jobID).compactMap { results[$0]?.result }, labelPrefix: context.labelPrefix)
        do {
            guard try planner.shouldRun() else {
                return .failure(JobSkip(outcome: .skipped, note: planner.skipReason))
            }
            let combinations = try planner.combinations()
            guard !combinations.isEmpty else {
                return .failure(JobSkip(outcome: .skipped, note: "Skipped: --matrix leaves none of its combinations"))
            }
            if let call = job.call {
                _ = try planner.callVerdict()
                return .success(combinations.map { PreparedCombination(jobID: jobID, definition: $0, work: .call(call)) })
            }
            return .success(try combinations.map { combination in
                let label = try planner.label(for: combination)
                return PreparedCombination(jobID: jobID, definition: combination,
                                           work: .steps(try context.providers.placement(for: label)))
            })
        } catch {
            return .failure(JobSkip(outcome: .failure, note: "\(error)"))
        }
    }
}
