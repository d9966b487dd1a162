@testable import WorkflowParser

extension LintRule {
    /// What this rule alone reports on a workflow text, sorted (the syntax check's problems left out).
    func diagnostics(in yaml: String) -> [Diagnostic] {
        Linter(rules: [self]).lint(yaml, file: "test.yml").filter { $0.rule == Self.id }
    }
}

extension [Diagnostic] {
    /// `line:column` of each diagnostic, for comparing positions.
    var positions: [String] { map { "\($0.location.line):\($0.location.column)" } }
}
