/// The human format: the finding, then the line it is on with the place marked.
struct TextOutput {
    let options: TextOutputOptions

    func render(_ diagnostics: [Diagnostic], source: (String) -> [Substring]?) -> String {
        var output = ""
        for diagnostic in diagnostics {
            output += headline(diagnostic) + "\n"
            guard !options.oneLine, let lines = source(diagnostic.location.file),
                  diagnostic.location.line >= 1, diagnostic.location.line <= lines.count else { continue }
            let line = lines[diagnostic.location.line - 1]
            output += "  \(line)\n"
            output += "  " + marker(under: line, at: diagnostic.location.column) + "\n"
        }
        return output
    }

    private func headline(_ diagnostic: Diagnostic) -> String {
        let place = paint("\(diagnostic.location):", "1")
        let severity = diagnostic.severity == .error ? "" : paint("\(diagnostic.severity.rawValue): ", "33")
        return "\(place) \(severity)\(diagnostic.message) \(paint("[\(diagnostic.rule.rawValue)]", "2"))"
    }

    /// `^` under the column, `~` under the rest of the word that starts there.
    private func marker(under line: Substring, at column: Int) -> String {
        let prefix = line.prefix(max(column - 1, 0)).map { $0 == "\t" ? "\t" : " " }.joined()
        let word = line.dropFirst(max(column - 1, 0)).prefix { !$0.isWhitespace }
        return prefix + paint("^" + String(repeating: "~", count: max(word.count - 1, 0)), "32")
    }

    private func paint(_ text: String, _ code: String) -> String {
        options.color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
