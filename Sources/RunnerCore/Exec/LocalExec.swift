import Executors
import Foundation
import WorkflowParser

/// What `exec` was asked to do, typed.
public struct ExecOptions: Sendable {
    public var repositoryRoot: String
    public var workflowsPath: String?
    public var eventName: String
    public var event: ExpressionObject
    public var jobs: Set<String>
    public var secrets: [String: String]
    public var vars: [String: String]
    public var environment: [String: String]
    public var inputs: [String: String]
    public var labels: [RunnerLabel]
    public var runOnHost: Bool
    public var profile: ForgejoProfile
    public var capacity: Int
    public var configFile: String?
    public var stateDirectory: String
    public var defaultActionsURL: String
    public var serverURL: String
    public var skipsCheckout: Bool
    /// `owner/repo` → a working copy, for calls of workflows in other repositories.
    public var repositories: [String: String]
    /// See `WorkflowRunSettings.matrixFilter`.
    public var matrixFilter: [String: Set<String>]
    public var color: Bool
    public var live: Bool

    public init(repositoryRoot: String, workflowsPath: String? = nil, eventName: String = "push",
                event: ExpressionObject = ExpressionObject([]), jobs: Set<String> = [], secrets: [String: String] = [:],
                vars: [String: String] = [:], environment: [String: String] = [:], inputs: [String: String] = [:],
                labels: [RunnerLabel] = [], runOnHost: Bool = false, profile: ForgejoProfile = .default, capacity: Int = 2,
                configFile: String? = nil, stateDirectory: String = "/var/lib/swift-runner",
                defaultActionsURL: String = "https://code.forgejo.org", serverURL: String = "https://code.forgejo.org",
                skipsCheckout: Bool = true, repositories: [String: String] = [:], matrixFilter: [String: Set<String>] = [:],
                color: Bool = false, live: Bool = false) {
        self.repositoryRoot = repositoryRoot
        self.workflowsPath = workflowsPath
        self.eventName = eventName
        self.event = event
        self.jobs = jobs
        self.secrets = secrets
        self.vars = vars
        self.environment = environment
        self.inputs = inputs
        self.labels = labels
        self.runOnHost = runOnHost
        self.profile = profile
        self.capacity = capacity
        self.configFile = configFile
        self.stateDirectory = stateDirectory
        self.defaultActionsURL = defaultActionsURL
        self.serverURL = serverURL
        self.skipsCheckout = skipsCheckout
        self.repositories = repositories
        self.matrixFilter = matrixFilter
        self.color = color
        self.live = live
    }
}

/// `swift-runner exec`: the workflows of a working copy, run (or listed, or planned) on this machine.
public struct LocalExec: Sendable {
    public let options: ExecOptions
    /// The runs going on, and whether the whole exec was cancelled (Ctrl-C) before one started.
    private let running = LockedValue<(runs: [WorkflowRun], cancelled: String?)>(([], nil))

    public init(options: ExecOptions) {
        self.options = options
    }

    /// Stops the run (Ctrl-C): running steps are killed, `always()` steps and clean-up still run, every sandbox
    /// is destroyed, no further job or workflow starts.
    public func cancel(reason: String) {
        let runs = running.withLock { state -> [WorkflowRun] in
            state.cancelled = state.cancelled ?? reason
            return state.runs
        }
        for run in runs { run.cancel(reason: reason) }
    }

    /// Runs every workflow the event triggers; true when no job failed or was cancelled. Progress and a summary
    /// go to `write` (standard output by default).
    public func run(write: (@Sendable (String) -> Void)? = nil) async throws -> Bool {
        let workflows = try triggeredWorkflows()
        let config = try options.configFile.map { try RunnerConfig.load(from: URL(fileURLWithPath: $0)) }
        let fallback = options.runOnHost ? RunnerLabel(name: "host", schema: .host) : RunnerLabel(name: "native", schema: .docker(image: "native"))
        if !options.runOnHost, geteuid() != 0, options.labels.allSatisfy({ $0.schema != .host }) {
            throw JobError("exec runs jobs in sandboxes (crun with user namespaces), which needs root: run it with sudo, "
                + "or pass --host to run jobs on this machine without isolation")
        }
        let reporter = write.map { TerminalReporter(live: options.live, color: options.color, write: $0) }
            ?? TerminalReporter(live: options.live, color: options.color)
        if options.runOnHost {
            reporter.note("Warning: --host: jobs whose label is not mapped run on this machine, without isolation")
        }
        let providers = SandboxProviders(settings: .init(
            stateDirectory: options.stateDirectory, registries: try config?.registrySettings() ?? RegistrySettings(),
            pools: config?.fencePools ?? [:], defaultPool: config?.defaultFencePool), software: "swift-runner \(VersionInfo.version)")
        let labels = options.labels + (try config?.runnerLabels() ?? []).filter { $0.schema != nil }
        let actions = ActionCache(root: options.stateDirectory + "/actions", http: HTTPClient(),
                                  defaultActionsURL: options.defaultActionsURL, instanceURL: nil, token: nil)
        let context = WorkflowRunContext(providers: providers, actions: actions,
                                         workflows: FolderWorkflowSource(repositoryRoot: options.repositoryRoot, repositories: options.repositories))
        var local = LocalRunContext.discover(directory: options.repositoryRoot, eventName: options.eventName,
                                             event: options.event, serverURL: options.serverURL)
        var succeeded = workflows.problems.isEmpty
        for problem in workflows.problems { reporter.note("Error: \(problem)") }
        for workflow in workflows.triggered {
            local.event = eventPayload(for: workflow)
            let settings = WorkflowRunSettings(
                github: local.github(workflow: workflow), secrets: options.secrets, vars: options.vars,
                inputs: inputs(for: workflow), extraEnvironment: options.environment, labels: labels, fallbackLabel: fallback,
                profile: options.profile, capacity: options.capacity, selectedJobs: options.jobs,
                workspaceSource: WorkspaceSource(path: options.repositoryRoot, leavingOut: options.stateDirectory), runnerName: "swift-runner exec",
                skipsCheckout: options.skipsCheckout, matrixFilter: options.matrixFilter)
            var workflowContext = context
            if workflows.triggered.count > 1 {
                workflowContext.labelPrefix = URL(fileURLWithPath: workflow.file).deletingPathExtension().lastPathComponent + " / "
            }
            let run = WorkflowRun(workflow: workflow, settings: settings, context: workflowContext, reporter: reporter)
            let cancelled = running.withLock { state -> String? in
                state.runs.append(run)
                return state.cancelled
            }
            if let cancelled { run.cancel(reason: cancelled) }
            let results = await run.run()
            succeeded = succeeded && results.allSatisfy { $0.result == .success || $0.result == .skipped }
        }
        (write ?? { FileHandle.standardOutput.write(Data($0.utf8)) })(reporter.summary())
        return succeeded
    }

    /// `--list`: every job of the workflows the event triggers, with its needs and runs-on.
    public func listing(json: Bool) throws -> String {
        var rows: [[String]] = []
        for workflow in try triggeredWorkflows().triggered {
            for job in workflow.jobs {
                let needs = job.needs.map(\.value).joined(separator: ",")
                let target: String
                if let runsOn = job.runsOn {
                    target = runsOn.labels.map(\.value).joined(separator: ",")
                } else {
                    target = job.call.map { "uses: \($0.uses.value)" } ?? ""
                }
                rows.append([workflow.file, job.id.value, job.name?.value ?? "", needs, target])
            }
        }
        if json {
            let objects = rows.map { row in
                ExpressionValue.object(ExpressionObject(zip(["workflow", "job", "name", "needs", "runs-on"], row).map { (key: $0, value: .string($1)) }))
            }
            return ExpressionValue.array(ExpressionArray(objects)).jsonText + "\n"
        }
        let header = ["WORKFLOW", "JOB", "NAME", "NEEDS", "RUNS-ON"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    /// The workflows the event triggers, and the files that could not be loaded. A broken file does not stop the
    /// others, as on the server (which reports it and runs the rest); it is an error only when nothing is left.
    func triggeredWorkflows() throws -> (triggered: [Workflow], problems: [String]) {
        let local = try LocalWorkflows.load(repositoryRoot: options.repositoryRoot, path: options.workflowsPath)
        let triggered = local.triggered(by: options.eventName)
        guard !triggered.isEmpty else {
            if !local.problems.isEmpty { throw JobError(local.problems.joined(separator: "\n")) }
            let names = local.workflows.map(\.file).joined(separator: ", ")
            throw JobError("no workflow runs on \(options.eventName) (workflows: \(names)); name another event, e.g. "
                + "`swift-runner exec workflow_dispatch`")
        }
        return (triggered, local.problems)
    }

    /// The event's payload for `workflow`: the one given, and for `workflow_dispatch` without `inputs` in it the
    /// inputs (declared defaults included) under `inputs`, as text, as the server sends them.
    func eventPayload(for workflow: Workflow) -> ExpressionObject {
        guard options.eventName == "workflow_dispatch", options.event["inputs"] == nil else { return options.event }
        let inputs = inputs(for: workflow).entries.map { (key: $0.key, value: ExpressionValue.string($0.value.coercedString)) }
        return options.event.merging([(key: "inputs", value: .object(ExpressionObject(inputs)))])
    }

    /// The `inputs` context: the given inputs over the defaults the trigger declares.
    func inputs(for workflow: Workflow) -> ExpressionObject {
        var entries: [(key: String, value: ExpressionValue)] = []
        for input in workflow.trigger(options.eventName)?.inputs ?? [] {
            if let given = options.inputs[input.name.value] {
                entries.append((key: input.name.value, value: input.typedValue(given)))
            } else if let defaultText = input.defaultValue?.scalar?.text {
                entries.append((key: input.name.value, value: input.typedValue(defaultText)))
            }
        }
        for (name, value) in options.inputs.sorted(by: { $0.key < $1.key }) where !entries.contains(where: { $0.key == name }) {
            entries.append((key: name, value: .string(value)))
        }
        return ExpressionObject(entries)
    }
}

extension InputDefinition {
    /// An input's text as its declared type gives it to expressions (`inputs.flag` is a boolean, not "true").
    func typedValue(_ text: String) -> ExpressionValue {
        literalValue(text) ?? .string(text)
    }

    /// The text as a value of the input's type; nil when it is not one (`maybe` for a boolean).
    func literalValue(_ text: String) -> ExpressionValue? {
        switch type?.value {
        case .boolean?:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .number?: return Double(text).map { .number($0) }
        default: return .string(text)
        }
    }
}
