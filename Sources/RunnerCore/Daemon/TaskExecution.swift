import Executors
import Foundation
import WorkflowParser

/// Runs one task: its job on the sandbox its runs-on label chooses, or, for a reusable-workflow call that came as
/// one task (Forgejo 11), the called workflow's jobs inside it; everything reported into the task's `TaskProgress`.
public final class TaskExecution: Sendable {
    public let task: TaskJob
    let labels: [RunnerLabel]
    let providers: SandboxProviders
    let progress: TaskProgress
    let actions: ActionCache
    private let running = LockedValue<(units: [any CancellableRun], reason: String?)>(([], nil))

    /// `actionsRoot` is the shared action cache's folder; each task gets an `ActionCache` of its own, so a branch
    /// ref is fetched once per task and a pinned SHA once per machine.
    public init(task: TaskJob, labels: [RunnerLabel], providers: SandboxProviders, progress: TaskProgress, actionsRoot: String) {
        self.task = task
        self.labels = labels
        self.providers = providers
        self.progress = progress
        self.actions = ActionCache(root: actionsRoot, http: HTTPClient(), defaultActionsURL: task.defaultActionsURL,
                                   instanceURL: task.instanceURL.isEmpty ? nil : task.instanceURL, token: task.token)
    }

    /// Stops the task: the running step is killed, `always()` steps and clean-up still run.
    public func cancel(reason: String) {
        let units = running.withLock { state -> [any CancellableRun] in
            state.reason = state.reason ?? reason
            return state.units
        }
        for unit in units { unit.cancel(reason: reason) }
    }

    private func register(_ unit: any CancellableRun) {
        let reason = running.withLock { state -> String? in
            state.units.append(unit)
            return state.reason
        }
        if let reason { unit.cancel(reason: reason) }
    }

    /// Runs the task to its end and returns its result (also reported to the progress).
    public func run() async -> JobResult {
        let definition = task.definition
        let label: RunnerLabel
        do {
            label = try chooseLabel()
        } catch {
            return progress.failBeforeStart(definition.displayName, error)
        }
        if let call = definition.job.call {
            let settings = WorkflowRunSettings(github: definition.github, secrets: definition.secrets, vars: definition.vars,
                                               inputs: definition.inputs, extraEnvironment: definition.extraEnvironment,
                                               labels: labels, fallbackLabel: label, profile: .forgejo11, capacity: 1,
                                               runnerName: definition.runnerName)
            let repository = definition.github["repository"]?.coercedString ?? ""
            let sha = definition.github["sha"]?.coercedString ?? ""
            let context = WorkflowRunContext(providers: providers, actions: actions,
                                             workflows: InstanceWorkflowSource(instanceURL: task.instanceURL, repository: repository,
                                                                               sha: sha, token: task.token))
            return await ReusableCallRun(caller: definition, call: call, settings: settings, context: context)
                .run(reporter: progress) { self.register($0) }
        }
        let placement: JobPlacement
        do {
            placement = try providers.placement(for: label)
        } catch {
            return progress.failBeforeStart(definition.displayName, error)
        }
        let runner = JobRunner(definition: definition, placement: placement, reporter: progress, actions: actions,
                               label: definition.displayName)
        register(runner)
        return await runner.run()
    }

    /// The first of the runner's labels that the job's runs-on names (the server matched them already; this
    /// picks which one says where the job runs).
    private func chooseLabel() throws -> RunnerLabel {
        let job = task.definition.job
        guard let runsOn = job.runsOn else { throw TaskError("the task's job has no runs-on") }
        let wanted = Set(runsOn.labels.map(\.value))
        guard let label = labels.first(where: { wanted.contains($0.name) && $0.schema != nil }) else {
            let bare = labels.filter { wanted.contains($0.name) }.map(\.name)
            if !bare.isEmpty {
                throw TaskError("the job's runs-on names only labels that say nothing about where jobs run "
                    + "(\(bare.joined(separator: ", "))); give one a place in runner.labels, e.g. \(bare[0]):docker://node:22-bookworm")
            }
            throw TaskError("none of this runner's labels (\(labels.map(\.description).joined(separator: ", "))) is in the job's "
                + "runs-on (\(runsOn.labels.map(\.value).joined(separator: ", "))); the server should not have sent it")
        }
        return label
    }
}
