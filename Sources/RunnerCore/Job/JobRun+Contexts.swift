import Foundation
import WorkflowParser

extension JobRun {
    /// The contexts an expression sees at this point of the job: `scope` is the level of steps being run (nil
    /// before the first step), `environment` the `env` context there.
    func evaluationContext(scope: StepScope?, environment: [String: String]) -> EvaluationContext {
        let github = githubContext(scope: scope)
        var contexts: [(key: String, value: ExpressionValue)] = githubContexts(github) + [
            (key: "env", value: .object(ExpressionObject(strings: environment))),
            (key: "vars", value: .object(ExpressionObject(strings: definition.vars))),
            (key: "secrets", value: .object(ExpressionObject(strings: definition.secrets))),
            (key: "inputs", value: .object(scope?.inputs ?? definition.inputs)),
            (key: "matrix", value: .object(definition.matrix)),
            (key: "strategy", value: .object(definition.strategy)),
            (key: "needs", value: .object(needsContext(definition.needs))),
            (key: "job", value: .object(jobContext(scope: scope))),
            (key: "runner", value: .object(runnerContext)),
        ]
        if let scope { contexts.append((key: "steps", value: .object(scope.stepsContext))) }
        let fileSystem = runner.workspaceSource.map { LocalFileSystem(root: $0.path) }
        return EvaluationContext(contexts: ExpressionObject(contexts), fileSystem: fileSystem,
                                 statusProvider: FixedStatus(status: scope?.status ?? status))
    }

    func githubContext(scope: StepScope?) -> ExpressionObject {
        var entries: [(key: String, value: ExpressionValue)] = [
            (key: "job", value: .string(definition.job.id.value)),
            (key: "workspace", value: .string(paths.workspace)),
            (key: "event_path", value: .string(paths.eventFile)),
        ]
        if let actionPath = scope?.actionPath { entries.append((key: "action_path", value: .string(actionPath))) }
        return definition.github.merging(entries)
    }

    private func jobContext(scope: StepScope?) -> ExpressionObject {
        let serviceEntries = services.keys.sorted().map { name in
            (key: name, value: ExpressionValue.object(ExpressionObject([
                (key: "id", value: .string(services[name]?.rawValue ?? "")),
                (key: "network", value: .string(sandboxID?.rawValue ?? "")),
                (key: "ports", value: .object(ExpressionObject([]))),
            ])))
        }
        return ExpressionObject([
            (key: "status", value: .string((scope?.status ?? status).outcome.rawValue)),
            (key: "container", value: .object(ExpressionObject([
                (key: "id", value: .string(sandboxID?.rawValue ?? "")),
                (key: "network", value: .string(sandboxID?.rawValue ?? "")),
            ]))),
            (key: "services", value: .object(ExpressionObject(serviceEntries))),
        ])
    }

    private var runnerContext: ExpressionObject {
        var entries: [(key: String, value: ExpressionValue)] = [
            (key: "name", value: .string(definition.runnerName)),
            (key: "os", value: "Linux"),
            (key: "arch", value: "X64"),
            (key: "temp", value: .string(paths.temp)),
            (key: "tool_cache", value: .string(paths.toolCache)),
        ]
        if debugEnabled { entries.append((key: "debug", value: "1")) }
        return ExpressionObject(entries)
    }

    /// The variables every step starts from: `CI`, `GITHUB_*` and their `FORGEJO_*` twins, `RUNNER_*`.
    func runnerEnvironment(scope: StepScope?) -> [String: String] {
        var variables = ["CI": "true", "GITHUB_ACTIONS": "true", "GITEA_ACTIONS": "true", "FORGEJO_ACTIONS": "true",
                         "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64", "RUNNER_NAME": definition.runnerName,
                         "RUNNER_TEMP": paths.temp, "RUNNER_TOOL_CACHE": paths.toolCache, "HOME": paths.home]
        if debugEnabled { variables["RUNNER_DEBUG"] = "1" }
        for (key, value) in githubContext(scope: scope).entries where Self.githubVariables.contains(key) {
            let name = key.uppercased()
            variables["GITHUB_" + name] = value.coercedString
            variables["FORGEJO_" + name] = value.coercedString
        }
        return variables
    }

    /// What the reference runner (forgejo-runner, an act fork) puts in every job's `env`: workflows test
    /// `env.ACT` to skip what only GitHub's hosted runners can do.
    static let referenceRunnerEnvironment = ["ACT": "true"]

    /// `github` keys that are also `GITHUB_<KEY>` variables.
    static let githubVariables: Set<String> = [
        "action", "action_path", "action_repository", "action_ref", "actor", "api_url", "base_ref", "event_name",
        "event_path", "graphql_url", "head_ref", "job", "ref", "ref_name", "ref_protected", "ref_type", "repository",
        "repository_owner", "retention_days", "run_attempt", "run_id", "run_number", "server_url", "sha",
        "triggering_actor", "workflow", "workflow_ref", "workspace",
    ]

    // MARK: Evaluation

    /// A value with `${{ }}` in it, evaluated (a lone expression keeps its type).
    func evaluateTemplate(_ text: Located<String>, scope: StepScope?, environment: [String: String]? = nil) throws -> ExpressionValue {
        guard text.value.containsExpression else { return .string(text.value) }
        let context = evaluationContext(scope: scope, environment: environment ?? currentEnvironment(scope: scope))
        do {
            return try ExpressionTemplate.parse(text.value, allowedContexts: nil).evaluate(in: context)
        } catch {
            throw ExpressionFailure(text: text.value, location: text.location, error: error)
        }
    }

    func evaluateString(_ text: Located<String>, scope: StepScope?, environment: [String: String]? = nil) throws -> String {
        try evaluateTemplate(text, scope: scope, environment: environment).coercedString
    }

    /// An `env:` mapping evaluated over `base` (each value sees the variables before it in `env`).
    func evaluateEnvironment(_ env: Expressible<[KeyValue]>?, scope: StepScope?, base: [String: String]) throws -> [String: String] {
        guard let env else { return base }
        var result = base
        switch env {
        case .value(let pairs):
            for pair in pairs.value {
                result[pair.key.value] = try evaluateString(pair.value, scope: scope, environment: currentEnvironment(scope: scope).merging(result) { $1 })
            }
        case .expression(let text):
            guard case .object(let object) = try evaluateTemplate(text, scope: scope) else {
                throw JobError("\(text.location): env: must evaluate to an object of variables")
            }
            for (key, value) in object.entries { result[key] = value.coercedString }
        }
        return result
    }

    /// The `env` context outside any step's own `env`: `ACT=true`, the runner's extra variables, the job's
    /// variables, then what steps added, then the scope's.
    func currentEnvironment(scope: StepScope?) -> [String: String] {
        var environment = Self.referenceRunnerEnvironment.merging(definition.extraEnvironment) { $1 }
        environment.merge(jobEnvironment) { $1 }
        environment.merge(addedEnvironment) { $1 }
        if let scope { environment.merge(scope.environment) { $1 } }
        return environment
    }
}
