/// Workflow commands GitHub retired for security reasons, written into `run:` scripts.
struct DeprecatedCommandsRule: LintRule {
    static let id = RuleID.deprecatedCommands
    static let summary = "run: scripts do not use the retired set-output, save-state, set-env and add-path commands"

    /// Each retired command and what replaces it.
    static let replacements: [(command: String, instead: String)] = [
        ("set-output", "echo \"NAME=VALUE\" >> \"$GITHUB_OUTPUT\""),
        ("save-state", "echo \"NAME=VALUE\" >> \"$GITHUB_STATE\""),
        ("set-env", "echo \"NAME=VALUE\" >> \"$GITHUB_ENV\""),
        ("add-path", "echo \"DIR\" >> \"$GITHUB_PATH\""),
    ]

    func check(_ step: Step, at index: Int, of job: Job, in context: LintContext, into sink: inout DiagnosticSink) {
        guard let script = step.run, script.value.containsText("::") else { return }
        for (command, instead) in Self.replacements
        where script.value.containsText("::\(command) ") || script.value.containsText("::\(command)::") {
            let severity = command == "set-env" || command == "add-path" ? "is refused by the runner" : "is deprecated"
            sink.error("the workflow command \"::\(command)\" \(severity); write \(instead) instead", at: script.location)
        }
    }
}
