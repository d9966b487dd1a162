import Foundation
import WorkflowParser

/// A task as the server sent it, in this runner's own terms (the protocol layer fills it from the protobuf
/// `Task`): the single-job workflow, the `github` context, secrets, vars and the needed jobs' results.
public struct TaskInput: Sendable {
    public var id: Int64
    /// `workflow_payload`: a workflow document with exactly one job.
    public var payload: String
    /// `Task.context`.
    public var context: ExpressionObject
    public var secrets: [String: String]
    public var vars: [String: String]
    public var needs: [String: NeededJob]

    public init(id: Int64, payload: String, context: ExpressionObject, secrets: [String: String] = [:],
                vars: [String: String] = [:], needs: [String: NeededJob] = [:]) {
        self.id = id
        self.payload = payload
        self.context = context
        self.secrets = secrets
        self.vars = vars
        self.needs = needs
    }
}

/// What the engine needs from a task: its one job as a `JobDefinition`, the default actions URL, the job token,
/// and the variables the reference runner gives every job (`ACTIONS_RUNTIME_URL`, `GITHUB_SERVER_URL`, ...).
public struct TaskJob: Sendable {
    public var definition: JobDefinition
    public var workflow: Workflow
    /// Where `owner/repo@ref` actions come from (`forgejo_default_actions_url`, else `gitea_default_actions_url`).
    public var defaultActionsURL: String
    /// The job token: actions from the task's own instance are fetched with it; it is masked like a secret.
    public var token: String?
    public var instanceURL: String

    /// Reads `input`; a payload that is not one job, a matrix that is not one combination, or a context without
    /// a default actions URL is an error naming the task.
    public static func make(_ input: TaskInput, runnerName: String) throws -> TaskJob {
        let workflow: Workflow
        do {
            workflow = try WorkflowLoader().load(input.payload, file: "task-\(input.id).yml")
        } catch {
            throw TaskError("task \(input.id): the workflow payload is not a workflow: \(error)")
        }
        guard workflow.jobs.count == 1, let job = workflow.jobs.first else {
            throw TaskError("task \(input.id): the workflow payload holds \(workflow.jobs.count) jobs; a task is exactly one")
        }
        let context = input.context
        let text = { (key: String) -> String? in
            guard let value = context[key], value != .null else { return nil }
            let string = value.coercedString
            return string.isEmpty ? nil : string
        }
        guard let actionsURL = text("forgejo_default_actions_url") ?? text("gitea_default_actions_url") else {
            throw TaskError("task \(input.id): the context names no default actions URL (forgejo_default_actions_url or "
                + "gitea_default_actions_url); the server is too old or the task is malformed")
        }
        var secrets = input.secrets
        let token = secrets["FORGEJO_TOKEN"] ?? secrets["GITEA_TOKEN"] ?? secrets["GITHUB_TOKEN"] ?? text("token")
        if let token {
            for name in ["GITHUB_TOKEN", "GITEA_TOKEN", "FORGEJO_TOKEN"] where secrets[name] == nil { secrets[name] = token }
        }
        let serverURL = text("server_url") ?? ""
        var github = context.entries.filter { !Self.privateKeys.contains($0.key) }
        if let token { github.append((key: "token", value: .string(token))) }
        let matrixContext = EvaluationContext(contexts: ["github": .object(ExpressionObject(github)), "vars": .object(ExpressionObject(strings: input.vars))])
        let combinations: [ExpressionObject]
        do {
            combinations = try MatrixExpansion.expand(job.strategy, jobID: job.id.value, context: matrixContext)
        } catch {
            throw TaskError("task \(input.id): \(error)")
        }
        guard combinations.count == 1, let matrix = combinations.first else {
            throw TaskError("task \(input.id): the job's matrix gives \(combinations.count) combinations; the server sends one")
        }
        var environment = ["GITHUB_SERVER_URL": serverURL, "FORGEJO_SERVER_URL": serverURL,
                           "ACTIONS_RUNTIME_URL": serverURL + "/api/actions_pipeline/", "ACTIONS_RESULTS_URL": serverURL]
        let runtimeToken = text("forgejo_runtime_token") ?? text("gitea_runtime_token")
        if let runtimeToken { environment["ACTIONS_RUNTIME_TOKEN"] = runtimeToken }
        let definition = JobDefinition(
            workflow: workflow, job: job, displayName: job.id.value, github: ExpressionObject(github), matrix: matrix,
            strategy: ExpressionObject([]), needs: input.needs, inputs: inputsContext(context), secrets: secrets,
            vars: input.vars, extraEnvironment: environment, runnerName: runnerName)
        var masked = definition
        masked.masks = [token, text("token"), runtimeToken].compactMap { $0 }
        return TaskJob(definition: masked, workflow: workflow, defaultActionsURL: actionsURL, token: token, instanceURL: serverURL)
    }

    /// Context keys that are the runner's business, never the job's `github` context.
    static let privateKeys: Set<String> = ["gitea_runtime_token", "forgejo_runtime_token"]

    /// `inputs` of a dispatched or called workflow travel in the event payload.
    private static func inputsContext(_ context: ExpressionObject) -> ExpressionObject {
        guard case .object(let event)? = context["event"], case .object(let inputs)? = event["inputs"] else { return ExpressionObject([]) }
        return inputs
    }
}

public struct TaskError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
