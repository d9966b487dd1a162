/// Job keys that Forgejo's scheduler documents as ignored: say so, and what this runner does instead. A key the
/// runner still honours is a note; one that has no effect at all is a warning.
struct ForgejoIgnoredRule: LintRule {
    static let id = RuleID.forgejoIgnored
    static let summary = "job keys the Forgejo scheduler ignores, and what the runner does instead"

    /// What swift-runner does with each key the server ignores, and whether that makes up for it.
    static let runnerBehaviour: [String: (instead: String, honoured: Bool)] = [
        "permissions": ("the job token's permissions are set by the instance, so this key has no effect", false),
        "timeout-minutes": ("swift-runner still stops the job when the time is up", true),
        "continue-on-error": ("swift-runner still lets later jobs run when this one fails", true),
    ]

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        for pair in job.node.mapping ?? [] where context.profile.ignoredJobKeys.contains(pair.name) {
            let behaviour = Self.runnerBehaviour[pair.name]
            let message = "\(context.profile) ignores \(pair.name) of a job when it schedules"
                + (behaviour.map { "; \($0.instead)" } ?? "")
            if behaviour?.honoured == true {
                sink.note(message, at: pair.key.location)
            } else {
                sink.warning(message, at: pair.key.location)
            }
        }
    }
}
