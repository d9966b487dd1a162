/// Forgejo 11 resolves only `./...` and `owner/repo/path@ref` reusable workflows; the full-URL form fails there.
struct ForgejoReusableRefRule: LintRule {
    static let id = RuleID.forgejoReusableRef
    static let summary = "reusable-workflow references use a form the Forgejo release resolves"

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        guard let call = job.call, case .fullURL(let instance, let remote)? = call.reference,
              !context.profile.acceptsFullURLWorkflowReferences else { return }
        sink.error("\(context.profile) cannot call a reusable workflow by its full URL (\(instance)/...): "
                   + "write the short form \"\(remote)\"; it is fetched from the same instance", at: call.uses.location)
    }
}
