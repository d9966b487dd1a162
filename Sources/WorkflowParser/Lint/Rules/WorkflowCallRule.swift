/// A call of a local reusable workflow matches what the callee declares under `on.workflow_call`: required
/// inputs given, no unknown inputs, literal values of the declared type, and the secrets it requires.
struct WorkflowCallRule: LintRule {
    static let id = RuleID.workflowCall
    static let summary = "calls of local reusable workflows pass the inputs and secrets the callee declares"

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        guard let call = job.call, let callee = context.localWorkflows[call.uses.value] else { return }
        switch callee {
        case .missing(let path):
            sink.error("reusable workflow \"\(path)\" does not exist in this repository", at: call.uses.location)
        case .invalid(let problems):
            let first = problems.first.map { ": \($0)" } ?? ""
            sink.error("reusable workflow \"\(call.uses.value)\" cannot be loaded\(first)", at: call.uses.location)
        case .loaded(let calledWorkflow):
            guard let trigger = calledWorkflow.trigger("workflow_call") else {
                sink.error("\"\(call.uses.value)\" has no on.workflow_call, so it cannot be called; add "
                           + "`on: workflow_call` to it", at: call.uses.location)
                return
            }
            checkInputs(call, against: trigger, into: &sink)
            checkSecrets(call, against: trigger, into: &sink)
        }
    }

    private func checkInputs(_ call: ReusableWorkflowCall, against trigger: EventTrigger,
                             into sink: inout DiagnosticSink) {
        let given = Set(call.inputs.map { $0.key.value.lowercased() })
        for input in trigger.inputs where input.isRequired && input.defaultValue == nil
            && !given.contains(input.name.value.lowercased()) {
            sink.error("input \"\(input.name.value)\" is required by \(call.uses.value) but not given in with:",
                       at: call.uses.location)
        }
        for value in call.inputs {
            guard let input = trigger.inputs.first(where: { $0.name.value.lowercased() == value.key.value.lowercased() })
            else {
                sink.error("\(call.uses.value) has no input \"\(value.key.value)\"; its inputs are "
                           + ActionRule.list(trigger.inputs.map(\.name.value)), at: value.key.location)
                continue
            }
            if let type = input.type?.value, let scalar = value.value.scalar, !scalar.text.containsExpression,
               !Self.scalar(scalar.value, fits: type) {
                sink.error("input \"\(value.key.value)\" of \(call.uses.value) is a \(type.rawValue), but "
                           + "\(scalar.value.kindDescription) \"\(scalar.text)\" is given", at: value.value.location)
            }
        }
    }

    private func checkSecrets(_ call: ReusableWorkflowCall, against trigger: EventTrigger,
                              into sink: inout DiagnosticSink) {
        guard case .explicit(let secrets)? = call.secrets ?? .explicit([]) else { return }  // inherit passes all
        let given = Set(secrets.map { $0.key.value.lowercased() })
        for secret in trigger.secrets where secret.isRequired && !given.contains(secret.name.value.lowercased()) {
            sink.error("secret \"\(secret.name.value)\" is required by \(call.uses.value) but not passed; add it "
                       + "under secrets: or use secrets: inherit", at: call.uses.location)
        }
        for secret in secrets where !trigger.secrets.contains(where: {
            $0.name.value.lowercased() == secret.key.value.lowercased()
        }) {
            sink.error("\(call.uses.value) declares no secret \"\(secret.key.value)\"; its secrets are "
                       + ActionRule.list(trigger.secrets.map(\.name.value)), at: secret.key.location)
        }
    }

    /// Whether a literal fits an input type; strings take anything, since YAML scalars convert to text.
    static func scalar(_ value: ScalarValue, fits type: InputDefinition.InputType) -> Bool {
        switch (type, value) {
        case (.boolean, .bool), (.number, .int), (.number, .float): return true
        case (.boolean, _), (.number, _): return false
        default: return true
        }
    }
}
