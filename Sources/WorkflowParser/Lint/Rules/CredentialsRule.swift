/// Container and service passwords come from secrets, never from the file itself.
struct CredentialsRule: LintRule {
    static let id = RuleID.credentials
    static let summary = "container and service passwords are not written in the workflow"

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        var containers: [(String, Container)] = job.container.map { [("the job's container", $0)] } ?? []
        containers += (job.services?.literal ?? []).map { ("service \"\($0.name.value)\"", $0.container) }
        for (what, container) in containers {
            guard let password = container.credentials?.literal?.password, !password.value.containsExpression else {
                continue
            }
            sink.error("the password of \(what) is written in the workflow; anyone who can read the repository "
                       + "can read it: use ${{ secrets.NAME }} instead", at: password.location)
        }
    }
}
