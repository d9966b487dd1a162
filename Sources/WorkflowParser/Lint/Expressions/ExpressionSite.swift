/// A place in a workflow where `${{ }}` is evaluated, with the contexts and special functions GitHub (and
/// Forgejo, which follows it) makes available there: the "context availability" table of the workflow syntax.
enum ExpressionSite: String, Sendable {
    case runName = "run-name"
    case workflowEnv = "env"
    case workflowConcurrency = "concurrency"
    case callInputDefault = "on.workflow_call.inputs.<inputs_id>.default"
    case callOutputValue = "on.workflow_call.outputs.<output_id>.value"
    case jobName = "jobs.<job_id>.name"
    case jobIf = "jobs.<job_id>.if"
    case jobRunsOn = "jobs.<job_id>.runs-on"
    case jobEnv = "jobs.<job_id>.env"
    case jobDefaultsRun = "jobs.<job_id>.defaults.run"
    case jobStrategy = "jobs.<job_id>.strategy"
    case jobContainer = "jobs.<job_id>.container"
    case jobContainerCredentials = "jobs.<job_id>.container.credentials"
    case jobContainerEnv = "jobs.<job_id>.container.env.<env_id>"
    case jobServices = "jobs.<job_id>.services"
    case jobServiceCredentials = "jobs.<job_id>.services.<service_id>.credentials"
    case jobServiceEnv = "jobs.<job_id>.services.<service_id>.env.<env_id>"
    case jobOutputs = "jobs.<job_id>.outputs.<output_id>"
    case jobTimeout = "jobs.<job_id>.timeout-minutes"
    case jobContinueOnError = "jobs.<job_id>.continue-on-error"
    case jobConcurrency = "jobs.<job_id>.concurrency"
    case jobEnvironment = "jobs.<job_id>.environment"
    case jobEnvironmentURL = "jobs.<job_id>.environment.url"
    case jobWith = "jobs.<job_id>.with.<with_id>"
    case jobSecrets = "jobs.<job_id>.secrets.<secrets_id>"
    case jobSnapshot = "jobs.<job_id>.snapshot"
    case stepID = "jobs.<job_id>.steps.id"
    case stepName = "jobs.<job_id>.steps.name"
    case stepIf = "jobs.<job_id>.steps.if"
    case stepRun = "jobs.<job_id>.steps.run"
    case stepEnv = "jobs.<job_id>.steps.env"
    case stepWith = "jobs.<job_id>.steps.with"
    case stepWorkingDirectory = "jobs.<job_id>.steps.working-directory"
    case stepShell = "jobs.<job_id>.steps.shell"
    case stepContinueOnError = "jobs.<job_id>.steps.continue-on-error"
    case stepTimeout = "jobs.<job_id>.steps.timeout-minutes"

    /// Every context name an expression can use somewhere; any other name is undefined everywhere.
    static let allContexts: Set<String> = [
        "github", "forgejo", "forge", "env", "vars", "secrets", "inputs", "matrix", "strategy", "needs", "steps",
        "job", "jobs", "runner",
    ]

    /// The contexts available here. `forgejo` and `forge` go wherever `github` goes: they are the same context.
    var contexts: Set<String> {
        var names = baseContexts
        if names.contains("github") { names.formUnion(["forgejo", "forge"]) }
        return names
    }

    private var baseContexts: Set<String> {
        let job: Set<String> = ["github", "needs", "strategy", "matrix", "vars", "inputs"]
        let step: Set<String> = job.union(["job", "runner", "env", "secrets", "steps"])
        switch self {
        case .stepID: return []
        case .runName, .workflowConcurrency, .callInputDefault: return ["github", "inputs", "vars"]
        case .workflowEnv: return ["github", "secrets", "inputs", "vars"]
        case .callOutputValue: return ["github", "jobs", "vars", "inputs"]
        case .jobIf, .jobStrategy: return ["github", "needs", "vars", "inputs"]
        case .jobName, .jobRunsOn, .jobContainer, .jobServices, .jobTimeout, .jobContinueOnError, .jobConcurrency,
             .jobEnvironment, .jobWith, .jobSnapshot:
            return job
        case .jobEnv, .jobSecrets: return job.union(["secrets"])
        case .jobDefaultsRun: return job.union(["env"])
        case .jobContainerCredentials, .jobServiceCredentials: return job.union(["env", "secrets"])
        case .jobContainerEnv, .jobServiceEnv: return job.union(["job", "runner", "env", "secrets"])
        case .jobEnvironmentURL: return job.union(["job", "runner", "env", "steps"])
        case .jobOutputs: return step
        case .stepIf: return step.subtracting(["secrets"])
        case .stepName, .stepRun, .stepEnv, .stepWith, .stepWorkingDirectory, .stepShell, .stepContinueOnError,
             .stepTimeout:
            return step
        }
    }

    /// The functions available here: every general function, plus status functions in `if:` and `hashFiles`
    /// where a step has a workspace.
    var functions: Set<BuiltinFunction> {
        switch self {
        case .jobIf: return BuiltinFunction.general.union(BuiltinFunction.statusFunctions)
        case .stepIf: return BuiltinFunction.general.union(BuiltinFunction.statusFunctions).union([.hashFiles])
        case .stepName, .stepRun, .stepEnv, .stepWith, .stepWorkingDirectory, .stepShell, .stepContinueOnError,
             .stepTimeout:
            return BuiltinFunction.general.union([.hashFiles])
        default: return BuiltinFunction.general
        }
    }

    /// Where each special function may be called, for the message that refuses it elsewhere.
    static func sites(allowing function: BuiltinFunction) -> [String] {
        [jobIf, stepIf, stepName, stepRun].filter { $0.functions.contains(function) }.map(\.rawValue)
    }

    /// `if:` is an expression even without `${{ }}`.
    var isCondition: Bool { self == .jobIf || self == .stepIf }
}
