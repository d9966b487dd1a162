import Foundation
import Executors
import WorkflowParser

/// Everything one job needs to run, whoever planned it: `exec` builds it from the working copy, the daemon from a
/// Forgejo task. The engine adds nothing about where it came from.
public struct JobDefinition: Sendable {
    /// The workflow holding the job (its `env`, `defaults` and name apply to the job).
    public var workflow: Workflow
    public var job: Job
    /// How logs and summaries name the job: its name, with matrix values when there are any.
    public var displayName: String
    /// The `github` context (also reachable as `forgejo` and `forge`).
    public var github: ExpressionObject
    public var matrix: ExpressionObject
    public var strategy: ExpressionObject
    public var needs: [String: NeededJob]
    public var inputs: ExpressionObject
    public var secrets: [String: String]
    public var vars: [String: String]
    /// Variables every step gets beneath the workflow's own (`exec --env`, `runner.envs` in config).
    public var extraEnvironment: [String: String]
    /// The runner's name, for the `runner` context.
    public var runnerName: String
    /// `actions/checkout` of the run's own repository does nothing: the workspace already holds the working copy
    /// (`exec`, as the reference runner's exec does).
    public var skipsCheckout: Bool
    /// Values masked like secrets that are no secret the job can name (the job token, the runtime token).
    public var masks: [String] = []

    public init(workflow: Workflow, job: Job, displayName: String? = nil, github: ExpressionObject,
                matrix: ExpressionObject = ExpressionObject([]), strategy: ExpressionObject = ExpressionObject([]),
                needs: [String: NeededJob] = [:], inputs: ExpressionObject = ExpressionObject([]),
                secrets: [String: String] = [:], vars: [String: String] = [:],
                extraEnvironment: [String: String] = [:], runnerName: String = "swift-runner", skipsCheckout: Bool = false) {
        self.workflow = workflow
        self.job = job
        self.displayName = displayName ?? job.name?.value ?? job.id.value
        self.github = github
        self.matrix = matrix
        self.strategy = strategy
        self.needs = needs
        self.inputs = inputs
        self.secrets = secrets
        self.vars = vars
        self.extraEnvironment = extraEnvironment
        self.runnerName = runnerName
        self.skipsCheckout = skipsCheckout
    }
}

/// A folder of this machine copied in as a job's workspace before its first step (`exec`'s working copy), less
/// the folders under it that must not travel (the runner's own state, when a user keeps it there).
public struct WorkspaceSource: Sendable, Equatable {
    public var path: String
    /// Paths relative to `path`.
    public var excluding: [String]

    public init(path: String, excluding: [String] = []) {
        self.path = path
        self.excluding = excluding
    }

    /// `path`, leaving out `folder` when it lies inside it.
    public init(path: String, leavingOut folder: String) {
        let root = URL(fileURLWithPath: path).standardizedFileURL.path
        let inner = URL(fileURLWithPath: folder).standardizedFileURL.path
        self.init(path: root, excluding: inner.hasPrefix(root + "/") ? [String(inner.dropFirst(root.count + 1))] : [])
    }
}

/// A job this one `needs`: what the `needs.<id>` context shows of it.
public struct NeededJob: Sendable, Equatable {
    public var result: JobOutcome
    public var outputs: [String: String]

    public init(result: JobOutcome, outputs: [String: String] = [:]) {
        self.result = result
        self.outputs = outputs
    }
}

/// Where and on what a job runs: the Sandbox implementation its label chose, the image when the workflow names
/// no `container:`, and the sandbox settings.
public struct JobPlacement: Sendable {
    public var sandbox: any Sandbox
    public var image: SandboxImage
    /// A `host` label: the job runs on the machine itself (no image, no `container:`, no services).
    public var isHost: Bool
    public var network: NetworkMode
    public var limits: ResourceLimits
    /// Where that is, for the job's log ("on this machine", "on fence host ssh://…").
    public var location: String

    public init(sandbox: any Sandbox, image: SandboxImage, isHost: Bool = false, network: NetworkMode = .egress,
                limits: ResourceLimits = ResourceLimits(), location: String = "on this machine") {
        self.sandbox = sandbox
        self.location = location
        self.image = image
        self.isHost = isHost
        self.network = network
        self.limits = limits
    }
}
