/// Environment variable names a shell can hold: no `=`, no spaces, not empty.
struct EnvVarRule: LintRule {
    static let id = RuleID.envVar
    static let summary = "environment variable names contain no '=', spaces or NUL"

    func check(_ workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        check(workflow.env, into: &sink)
    }

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        check(job.env, into: &sink)
        check(job.container?.env, into: &sink)
        for service in job.services?.literal ?? [] { check(service.container.env, into: &sink) }
    }

    func check(_ step: Step, at index: Int, of job: Job, in context: LintContext, into sink: inout DiagnosticSink) {
        check(step.env, into: &sink)
    }

    private func check(_ env: Expressible<[KeyValue]>?, into sink: inout DiagnosticSink) {
        for variable in env?.literal ?? [] where !variable.key.value.containsExpression {
            let name = variable.key.value
            if name.isEmpty || name.contains(where: { $0 == "=" || $0 == "\0" || $0.isWhitespace }) {
                sink.error("\"\(name)\" is not a valid environment variable name: it must not be empty or contain "
                           + "'=', spaces or NUL", at: variable.key.location)
            }
        }
    }
}
