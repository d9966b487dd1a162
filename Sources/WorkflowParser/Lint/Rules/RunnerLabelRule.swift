/// `runs-on:` asks only for labels the configured runner has. Labels belong to runner instances, so this is a
/// warning, and it is quiet when no labels were given (`--labels` or the runner's config).
struct RunnerLabelRule: LintRule {
    static let id = RuleID.runnerLabel
    static let summary = "runs-on labels are among the configured runner's labels"

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        guard let known = context.runnerLabels, let runsOn = job.runsOn else { return }
        let names = Set(known.map(Self.labelName))
        let listed = names.sorted().joined(separator: ", ")
        for label in runsOn.labels where !label.value.containsExpression && !names.contains(label.value.lowercased()) {
            sink.warning("no configured runner has the label \"\(label.value)\" (labels: \(listed)); the job waits "
                         + "until a runner with it registers", at: label.location)
        }
    }

    /// `docker:docker://node:22` declares the label `docker`; labels compare without case.
    static func labelName(_ spec: String) -> String {
        String(spec.split(separator: ":", maxSplits: 1).first ?? "").lowercased()
    }
}
