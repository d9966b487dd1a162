/// Job keys that Forgejo's scheduler documents as ignored: a warning that says so, and what this runner does
/// instead (it still enforces a timeout and lets later jobs run after a failure allowed to happen).
struct ForgejoIgnoredRule: LintRule {
    static let id = RuleID.forgejoIgnored
    static let summary = "job keys the Forgejo scheduler ignores, and what the runner does instead"

    /// What swift-runner does with each key the server ignores.
    static let runnerBehaviour = [
        "permissions": "the job token's permissions are set by the instance, so this key has no effect",
        "timeout-minutes": "swift-runner still stops the job when the time is up",
        "continue-on-error": "swift-runner still lets later jobs run when this one fails",
    ]

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        for pair in job.node.mapping ?? [] where context.profile.ignoredJobKeys.contains(pair.name) {
            let instead = Self.runnerBehaviour[pair.name].map { "; \($0)" } ?? ""
            sink.warning("\(context.profile) ignores \(pair.name) of a job when it schedules\(instead)",
                         at: pair.key.location)
        }
    }
}
