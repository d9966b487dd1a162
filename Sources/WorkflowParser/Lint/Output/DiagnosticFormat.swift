/// How `lint` prints its findings.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// `file:line:col: message [rule]`, the source line and a `^~~~` marker.
    case text
    /// An array of `{file, line, column, rule, severity, message}`.
    case json
    /// SARIF 2.1.0, for code-scanning dashboards.
    case sarif
    /// Workflow commands (`::error file=...::message`), so a Forgejo job annotates the files it linted.
    case github

    /// Formats `diagnostics`; `source` gives the lines of a file for the text format's excerpts.
    public func render(_ diagnostics: [Diagnostic], options: TextOutputOptions = TextOutputOptions(),
                       source: (String) -> [Substring]? = { _ in nil }) -> String {
        switch self {
        case .text: return TextOutput(options: options).render(diagnostics, source: source)
        case .json: return JSONOutput.render(diagnostics)
        case .sarif: return SARIFOutput.render(diagnostics)
        case .github: return GitHubOutput.render(diagnostics)
        }
    }
}

/// What the text format shows besides the finding itself.
public struct TextOutputOptions: Sendable {
    /// One line per finding, without the source excerpt.
    public var oneLine: Bool
    /// ANSI colours; the command turns them on only when standard output is a terminal.
    public var color: Bool

    public init(oneLine: Bool = false, color: Bool = false) {
        self.oneLine = oneLine
        self.color = color
    }
}
