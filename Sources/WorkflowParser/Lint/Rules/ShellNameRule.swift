/// `shell:` names a shell the runner knows, or a custom command with `{0}` for the script file.
struct ShellNameRule: LintRule {
    static let id = RuleID.shellName
    static let summary = "shell: is bash, sh, python, pwsh, powershell, cmd, node, or a command with {0}"

    static let known: Set<String> = ["bash", "sh", "python", "pwsh", "powershell", "cmd", "node"]

    func check(_ workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        workflow.defaults?.shell.map { check($0, into: &sink) }
    }

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        job.defaults?.shell.map { check($0, into: &sink) }
    }

    func check(_ step: Step, at index: Int, of job: Job, in context: LintContext, into sink: inout DiagnosticSink) {
        step.shell.map { check($0, into: &sink) }
    }

    private func check(_ shell: Located<String>, into sink: inout DiagnosticSink) {
        let text = shell.value
        guard !text.containsExpression, !text.containsText("{0}"), !Self.known.contains(text.lowercased()) else { return }
        sink.error("shell \"\(text)\" is not one the runner knows (\(Self.known.sorted().joined(separator: ", "))); "
                   + "for another program write its command with {0} where the script file goes, e.g. \"perl {0}\"",
                   at: shell.location)
    }
}
