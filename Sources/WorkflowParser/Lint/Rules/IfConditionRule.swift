/// `if:` whose `${{ }}` does not span the whole value: the value is then a non-empty string, always true.
struct IfConditionRule: LintRule {
    static let id = RuleID.ifCond
    static let summary = "if: conditions are not always true because of text around ${{ }}"

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        job.condition.map { check($0, into: &sink) }
    }

    func check(_ step: Step, at index: Int, of job: Job, in context: LintContext, into sink: inout DiagnosticSink) {
        step.condition.map { check($0, into: &sink) }
    }

    /// One placeholder from the first to the last character is fine; anything else around or between is not.
    static func isAlwaysTrue(_ condition: String) -> Bool {
        guard condition.containsExpression else { return false }
        let placeholders = condition.components(separatedBy: "${{").count - 1
        return !(placeholders == 1 && condition.hasPrefix("${{") && condition.hasSuffix("}}"))
    }

    private func check(_ condition: Located<String>, into sink: inout DiagnosticSink) {
        guard Self.isAlwaysTrue(condition.value) else { return }
        sink.error("if: \(String(reflecting: condition.value)) is always true: the text around ${{ }} makes it a "
                   + "non-empty string; write the whole condition inside one ${{ }}, or leave ${{ }} out",
                   at: condition.location)
    }
}
