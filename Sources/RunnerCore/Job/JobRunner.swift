import Executors
import Foundation
import WorkflowParser

/// Runs one job: creates its sandbox (and service sandboxes), copies the workspace in, runs every step in order
/// under its `if:`, collects outputs, runs post steps, destroys what it created and reports all of it.
///
/// The same engine serves `exec` and the daemon; only the `JobReporter` and the way the `JobDefinition` was made
/// differ. Everything that leaves it (log lines, annotations, summaries, outputs) has passed the secret masker.
public final class JobRunner: Sendable {
    public let definition: JobDefinition
    let placement: JobPlacement
    let reporter: any JobReporter
    let actions: (any ActionProvider)?
    /// A folder of this machine copied in as the workspace before the first step (`exec`'s working copy).
    let workspaceSource: WorkspaceSource?
    /// How the reporter tells this job from others running at the same time.
    public let label: String
    let cancellation = LockedValue(CancellationState())

    public init(definition: JobDefinition, placement: JobPlacement, reporter: any JobReporter,
                actions: (any ActionProvider)? = nil, workspaceSource: WorkspaceSource? = nil, label: String? = nil) {
        self.definition = definition
        self.placement = placement
        self.reporter = reporter
        self.actions = actions
        self.workspaceSource = workspaceSource
        self.label = label ?? definition.job.id.value
    }

    /// Stops the job: the running step's command is killed, later steps run only when their `if:` asks for
    /// `always()` or `cancelled()`, post steps still run. `reason` is logged.
    public func cancel(reason: String) {
        let step = cancellation.withLock { state -> Task<Void, Never>? in
            guard state.reason == nil else { return nil }
            state.reason = reason
            return state.runningStep
        }
        step?.cancel()
    }

    var cancelReason: String? { cancellation.withLock { $0.reason } }

    /// Runs the job to its end; never throws: whatever fails becomes the job's failure, said in its log.
    public func run() async -> JobResult {
        let run = JobRun(runner: self)
        return await run.execute()
    }
}

/// Whether the job was cancelled, and the step task to stop when it is.
struct CancellationState: Sendable {
    var reason: String?
    var runningStep: Task<Void, Never>?
}
