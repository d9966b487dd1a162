/// Job keys that Forgejo's scheduler documents as ignored: say so, and what this runner does instead.
struct ForgejoIgnoredRule: LintRule {
    static let id = RuleID.forgejoIgnored
    static let summary = "job keys the Forgejo scheduler ignores, and what the runner does instead"

    /// What swift-runner does with each key the server ignores.
    static let runnerBehaviour = [
        "permissions": "the job token's permissions are set by the instance, not by this key",
        "timeout-minutes": "swift-runner still stops the job when the time is up",
        "continue-on-error": "swift-runner still reports the job as successful when it fails",
    ]

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        for pair in job.node.mapping ?? [] where context.profile.ignoredJobKeys.contains(pair.name) {
            let instead = Self.runnerBehaviour[pair.name].map { "; \($0)" } ?? ""
            sink.warning("\(context.profile) ignores \(pair.name) of a job when it schedules\(instead)",
                         at: pair.key.location)
        }
    }
}
