/// Job and step ids: the characters GitHub allows, and step ids unique within a job (ids ignore case).
struct IDRule: LintRule {
    static let id = RuleID.id
    static let summary = "job and step ids are well formed, and step ids are unique in their job"

    /// A letter or `_`, then letters, digits, `-` or `_`.
    static func isValid(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return id.unicodeScalars.allSatisfy { $0 == "_" || $0 == "-" || ($0.isASCII && $0.properties.isAlphabetic)
            || ("0"..."9").contains($0) }
    }

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        if !Self.isValid(job.id.value) {
            sink.error("invalid job ID \"\(job.id.value)\": a job ID starts with a letter or _ and holds only "
                       + "letters, digits, - and _", at: job.id.location)
        }
        var seen: [String: SourceLocation] = [:]
        for id in job.steps.compactMap(\.id) where !id.value.containsExpression {
            if !Self.isValid(id.value) {
                sink.error("invalid step ID \"\(id.value)\": a step ID starts with a letter or _ and holds only "
                           + "letters, digits, - and _", at: id.location)
            }
            if let first = seen.updateValue(id.location, forKey: id.value.lowercased()) {
                sink.error("step ID \"\(id.value)\" repeats the one at line \(first.line), column \(first.column); "
                           + "step IDs ignore case and must be unique in a job", at: id.location)
            }
        }
    }
}
