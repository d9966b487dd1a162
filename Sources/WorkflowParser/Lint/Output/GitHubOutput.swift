/// Workflow commands that Forgejo and GitHub turn into annotations on the linted files.
enum GitHubOutput {
    static func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { diagnostic in
            let command = diagnostic.severity == .note ? "notice" : diagnostic.severity.rawValue
            let location = diagnostic.location
            return "::\(command) file=\(escapeProperty(location.file)),line=\(location.line),col=\(location.column),"
                + "title=\(escapeProperty(diagnostic.rule.rawValue))::\(escapeData(diagnostic.message))\n"
        }.joined()
    }

    /// The message part: `%`, CR and LF would end or corrupt the command.
    static func escapeData(_ text: String) -> String {
        text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    /// Property values also must not contain the `:` and `,` that separate properties.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }
}
