/// Forgejo 11 schedules a reusable-workflow call only when the calling job has `runs-on`; without it the
/// server silently runs nothing. Forgejo 15 expands such a call on the server instead.
struct ForgejoReusableRunsOnRule: LintRule {
    static let id = RuleID.forgejoReusableRunsOn
    static let summary = "a job that calls a reusable workflow has runs-on where the Forgejo release needs it"

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        guard let call = job.call, job.runsOn == nil else { return }
        switch context.profile.callWithoutRunsOn {
        case .schedulesNothing:
            sink.error("\(context.profile) schedules no run for job \"\(job.id.value)\": it calls \(call.uses.value) "
                       + "but has no runs-on, which no runner matches, and the server says nothing; add runs-on "
                       + "with a label of the runner that should run the called workflow", at: job.id.location)
        case .expandsOnServer:
            sink.note("\(context.profile) expands this call on the server: the jobs of \(call.uses.value) become jobs "
                      + "of this run, each with its own runs-on and log", at: job.id.location)
        }
    }
}
