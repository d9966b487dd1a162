import WorkflowParser

/// `defaults.run`: the shell and working folder of `run:` steps that name none.
struct StepDefaults: Sendable {
    var shell: Located<String>?
    var workingDirectory: Located<String>?
}

/// The steps being run at one level: the job's own, or those of a composite action, which has its own `steps`
/// and `inputs` contexts, its own status and the variables of the step that called it.
struct StepScope {
    var steps: [(id: String, record: StepRecord)] = []
    var inputs: ExpressionObject
    /// Variables from the levels above this one (a composite's calling step's `env`); the job's own come from
    /// the run.
    var environment: [String: String]
    var defaults: StepDefaults
    /// The action folder in the sandbox, for `github.action_path` (composite actions only).
    var actionPath: String?
    var depth: Int
    var status: ExecutionStatus = .success
    /// Steps without an `id` get `__N`, as on GitHub, so their outcome still counts.
    var anonymousSteps = 0

    init(inputs: ExpressionObject, environment: [String: String], defaults: StepDefaults, actionPath: String? = nil, depth: Int) {
        self.inputs = inputs
        self.environment = environment
        self.defaults = defaults
        self.actionPath = actionPath
        self.depth = depth
    }

    var stepsContext: ExpressionObject {
        ExpressionObject(steps.filter { !$0.id.hasPrefix("__") }.map { (key: $0.id, value: $0.record.value) })
    }

    mutating func record(_ id: String?, _ record: StepRecord) {
        let key: String
        if let id, !id.isEmpty {
            key = id
        } else {
            anonymousSteps += 1
            key = "__\(anonymousSteps)"
        }
        steps.removeAll { $0.id == key }
        steps.append((id: key, record: record))
    }
}
