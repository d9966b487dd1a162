/// `needs:` names jobs that exist, not the job itself, each once, and without cycles. The graph checks are
/// `JobGraph`'s, which planning runs too; repeats only matter to lint.
struct JobNeedsRule: LintRule {
    static let id = RuleID.jobNeeds
    static let summary = "needs: names existing jobs, without repeats or cycles"

    func check(_ workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        for job in workflow.jobs {
            var seen: Set<String> = []
            for need in job.needs where !seen.insert(need.value.lowercased()).inserted {
                sink.error("job ID \"\(need.value)\" appears twice in needs (job IDs ignore case)", at: need.location)
            }
        }
        for problem in JobGraph.problems(in: workflow) {
            switch problem.kind {
            case .needsItself:
                sink.error(problem.message, at: problem.entry.location)
            case .unknownJob, .cycle:
                // At the job, as actionlint reports them, so editors mark the job that cannot start.
                sink.error(problem.message, at: problem.job.location)
            }
        }
    }
}
