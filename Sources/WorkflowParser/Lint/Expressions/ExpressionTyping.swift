/// Static types for lint: what each context holds at a place in a workflow (declared inputs, the matrix, the
/// steps before, the needed jobs' outputs), and the checks that use them (properties that do not exist,
/// dereferencing a number, a string index into an array, broken `fromJSON` and `format` literals).
struct ExpressionTyping {
    let workflow: Workflow
    let localWorkflows: [String: LocalFile<Workflow>]
    let localActions: [String: LocalFile<ActionManifest>]
    /// What every expression of the workflow sees; the other scopes add to it.
    private(set) var workflowScope = TypeScope(contexts: [:])

    init(workflow: Workflow, context: LintContext) {
        self.workflow = workflow
        localWorkflows = context.localWorkflows
        localActions = context.localActions
        workflowScope = makeWorkflowScope()
    }

    // MARK: scopes

    private func makeWorkflowScope() -> TypeScope {
        let github = githubContext
        return TypeScope(contexts: ["github": github, "forgejo": github, "forge": github, "inputs": inputs(),
                                    "vars": .map(.string), "secrets": secrets, "env": .map(.string)])
    }

    /// The scope of the default of `workflow_call` input number `index`: only the inputs declared before it.
    func callInputDefaultScope(before index: Int) -> TypeScope {
        var scope = workflowScope
        scope.contexts["inputs"] = inputs(limit: index)
        return scope
    }

    /// The type a `workflow_call` or `workflow_dispatch` input's value has.
    static func type(of input: InputDefinition, in event: String) -> ExpressionType {
        switch input.type?.value {
        case .boolean?: return .bool
        case .number?: return .number
        case nil: return event == "workflow_call" ? .any : .string
        default: return .string
        }
    }

    /// `github.event.inputs` of a dispatched run holds each dispatch input as text.
    private var githubContext: ExpressionType {
        guard let dispatch = workflow.trigger("workflow_dispatch"), !dispatch.inputs.isEmpty,
              case .object(var properties, let others) = Self.github else { return Self.github }
        let inputs = ExpressionType.strict(Dictionary(dispatch.inputs.map { ($0.name.value, .string) },
                                                      uniquingKeysWith: { first, _ in first }))
        properties["event"] = .object(["inputs": inputs], others: .any)
        return .object(properties, others: others)
    }

    /// A called workflow sees exactly the secrets it declares (and the runner's own); others see any name.
    private var secrets: ExpressionType {
        guard let call = workflow.trigger("workflow_call"), !call.secrets.isEmpty else { return Self.secrets }
        var names = ["github_token", "actions_runner_debug", "actions_step_debug"]
        names += call.secrets.map { $0.name.value }
        return .strict(Dictionary(names.map { ($0, .string) }, uniquingKeysWith: { first, _ in first }))
    }

    /// `on.workflow_call.outputs.*.value` reads the jobs' outputs.
    func callOutputScope() -> TypeScope {
        var scope = workflowScope
        scope.contexts["jobs"] = .strict(Dictionary(workflow.jobs.map { ($0.id.value, jobResult($0)) },
                                                    uniquingKeysWith: { first, _ in first }))
        return scope
    }

    /// What `jobs.<id>.if` and `strategy` see: no matrix yet.
    func jobConditionScope(_ job: Job) -> TypeScope {
        var scope = workflowScope
        scope.contexts["needs"] = needs(of: job)
        return scope
    }

    /// What the rest of a job sees, given what its `if:` sees.
    func jobScope(_ job: Job, conditionScope: TypeScope) -> TypeScope {
        var scope = conditionScope
        scope.contexts["matrix"] = matrix(of: job, conditionScope: conditionScope)
        scope.contexts["strategy"] = Self.strategy
        scope.contexts["job"] = Self.job
        scope.contexts["runner"] = Self.runner
        return scope
    }

    /// The scope of each step of `job` (the steps before it known by id), then that of the job's outputs, which
    /// see every step: `job.steps.count + 1` scopes built from `jobScope` in one pass.
    func stepScopes(_ job: Job, jobScope: TypeScope) -> [TypeScope] {
        var scope = jobScope
        var steps: [String: ExpressionType] = [:]
        var scopes: [TypeScope] = []
        for step in job.steps {
            scope.contexts["steps"] = .object(steps, others: nil)
            scopes.append(scope)
            guard let id = step.id?.value, !id.containsExpression else { continue }
            steps[id.lowercased()] = .strict(["outputs": outputs(of: step), "conclusion": .string, "outcome": .string])
        }
        scope.contexts["steps"] = .object(steps, others: nil)
        scopes.append(scope)
        return scopes
    }

    /// The declared inputs; with `limit`, only the first `limit` of `workflow_call`.
    private func inputs(limit: Int? = nil) -> ExpressionType {
        var properties: [String: ExpressionType] = [:]
        for trigger in workflow.triggers where ["workflow_dispatch", "workflow_call"].contains(trigger.event.value) {
            if limit != nil, trigger.event.value != "workflow_call" { continue }
            for input in trigger.inputs.prefix(limit ?? Int.max) {
                let type = Self.type(of: input, in: trigger.event.value)
                properties[input.name.value.lowercased()] = properties[input.name.value.lowercased()].map {
                    $0.merged(with: type)
                } ?? type
            }
        }
        return .object(properties, others: nil)
    }

    /// The matrix's keys with the types of their values; any key when the matrix comes from an expression.
    private func matrix(of job: Job, conditionScope: TypeScope) -> ExpressionType {
        switch job.strategy?.matrix {
        case nil: return .strict([:])
        case .expression?: return .any
        case .value(let matrix)?:
            var properties: [String: ExpressionType] = [:]
            for dimension in matrix.value.dimensions {
                let type: ExpressionType
                switch dimension.values {
                case .expression: type = .any
                case .value(let values):
                    let types = values.value.map { literalType($0, scope: conditionScope) }
                    type = types.dropFirst().reduce(types.first ?? .any) { $0.merged(with: $1) }
                }
                properties[dimension.name.value.lowercased()] = type
            }
            switch matrix.value.include {
            case .expression?: return .any
            case .value(let rows)?:
                for cell in rows.value.joined() {
                    let type = literalType(cell.value, scope: conditionScope)
                    let key = cell.key.value.lowercased()
                    properties[key] = properties[key].map { $0.merged(with: type) } ?? type
                }
            case nil: break
            }
            return .object(properties, others: nil)
        }
    }

    /// A YAML value's type; a string that is exactly one `${{ }}` has the type of its expression.
    private func literalType(_ node: YAMLNode, scope: TypeScope) -> ExpressionType {
        guard let text = node.scalar?.text, text.containsExpression,
              let template = try? ExpressionTemplate.parse(text, allowedContexts: nil), template.isSingleExpression,
              case .expression(let expression, _)? = template.parts.first, let root = expression.root else {
            return ExpressionType(literal: node)
        }
        var checker = ExpressionTypeChecker(scope: scope)
        return checker.type(of: root)
    }

    private func needs(of job: Job) -> ExpressionType {
        var properties: [String: ExpressionType] = [:]
        for need in job.needs {
            properties[need.value.lowercased()] = workflow.job(need.value).map(jobResult) ?? .any
        }
        return .object(properties, others: nil)
    }

    /// `needs.<id>` or `jobs.<id>`: the job's declared outputs and its result.
    private func jobResult(_ job: Job) -> ExpressionType {
        var outputs = ExpressionType.strict(Dictionary(job.outputs.map { ($0.key.value, .string) },
                                                       uniquingKeysWith: { first, _ in first }))
        if let call = job.call {
            outputs = localWorkflows[call.uses.value]?.value?.trigger("workflow_call").map { trigger in
                .strict(Dictionary(trigger.outputs.map { ($0.name.value, .string) }, uniquingKeysWith: { first, _ in first }))
            } ?? .map(.string)
        }
        return .strict(["outputs": outputs, "result": .string])
    }

    /// A step's outputs: those a local action declares, else any name (a script may write any output).
    private func outputs(of step: Step) -> ExpressionType {
        guard case .uses(_, .local(let path)?)? = step.action, let manifest = localActions[path]?.value else {
            return .map(.string)
        }
        return .strict(Dictionary(manifest.outputs.map { ($0.name.value, .string) }, uniquingKeysWith: { first, _ in first }))
    }

    // MARK: contexts whose shape GitHub documents

    static let github: ExpressionType = .strict(Dictionary(uniqueKeysWithValues: [
        "action", "action_path", "action_ref", "action_repository", "action_status", "actor", "actor_id", "api_url",
        "base_ref", "env", "event_name", "event_path", "graphql_url", "head_ref", "job", "output", "path", "ref",
        "ref_name", "ref_type", "repository", "repository_id", "repository_owner", "repository_owner_id",
        "repositoryurl", "run_attempt", "run_id", "run_number", "secret_source", "server_url", "sha",
        "state", "step_summary", "token", "triggering_actor", "workflow", "workflow_ref", "workflow_sha", "workspace",
    ].map { ($0, ExpressionType.string) } + [("event", .any), ("ref_protected", .bool), ("retention_days", .number)]))

    static let runner: ExpressionType = .strict(Dictionary(uniqueKeysWithValues: [
        "name", "os", "arch", "temp", "tool_cache", "debug", "environment",
    ].map { ($0, ExpressionType.string) }))

    static let job: ExpressionType = .strict([
        "container": .strict(["id": .string, "network": .string]),
        "services": .map(.strict(["id": .string, "network": .string, "ports": .map(.string)])),
        "status": .string, "check_run_id": .number, "workflow_ref": .string, "workflow_sha": .string,
        "workflow_repository": .string, "workflow_file_path": .string,
    ])

    static let strategy: ExpressionType = .strict([
        "fail-fast": .bool, "job-index": .number, "job-total": .number, "max-parallel": .number,
    ])

    static let secrets: ExpressionType = .object(["github_token": .string], others: .string)
}
