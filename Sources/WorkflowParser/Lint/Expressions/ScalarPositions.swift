/// Maps a character offset inside a YAML string value back to its line and column in the file, so a finding in
/// the middle of a `run: |` script points at the expression itself. Literal blocks map exactly; folded and
/// multi-line plain or quoted values map line by line, the way YAML folded them.
struct ScalarPositions {
    private let source: String
    /// The file's lines, split on first use: most workflows need no position inside a value.
    private var lines: [Substring] = []
    private var split = false

    init(source: String) {
        self.source = source
    }

    /// Where the character at `offset` (1-based, in Unicode scalars) of `value` stands in the file.
    mutating func location(ofOffset offset: Int, in value: Located<String>) -> SourceLocation {
        if !split {
            lines = source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
            split = true
        }
        let start = value.location
        guard start.line >= 1, start.line <= lines.count else { return start }
        let startLine = Array(lines[start.line - 1].unicodeScalars)
        let indicator = start.column - 1 < startLine.count ? startLine[start.column - 1] : " "
        let before = Array(value.value.unicodeScalars.prefix(max(offset - 1, 0)))
        let newlines = before.filter { $0 == "\n" }.count
        let sinceNewline = before.count - (before.lastIndex(of: "\n").map { $0 + 1 } ?? 0)
        switch indicator {
        case "|":
            let indent = blockIndentation(after: start.line)
            return SourceLocation(file: start.file, line: start.line + 1 + newlines, column: indent + 1 + sinceNewline)
        case "\"", "'":
            return folded(before.count, from: start, firstColumn: start.column + 1)
        case ">":
            return folded(before.count, from: SourceLocation(file: start.file, line: start.line + 1, column: 1),
                          firstColumn: blockIndentation(after: start.line) + 1)
        default:
            return folded(before.count, from: start, firstColumn: start.column)
        }
    }

    /// Spaces before the first non-blank line after `line`: a block scalar's indentation.
    private func blockIndentation(after line: Int) -> Int {
        for text in lines.dropFirst(line) where !text.allSatisfy(\.isWhitespace) {
            return text.prefix { $0 == " " }.count
        }
        return 0
    }

    /// Walks `count` characters of a value whose source lines were joined by single spaces (YAML folding):
    /// the first line from `firstColumn`, later lines from their first non-blank character.
    private func folded(_ count: Int, from start: SourceLocation, firstColumn: Int) -> SourceLocation {
        var remaining = count
        var line = start.line
        var column = firstColumn
        while line <= lines.count {
            let text = Array(lines[line - 1].unicodeScalars)
            let available = max(text.count - (column - 1), 0)
            if remaining <= available || line == lines.count {
                return SourceLocation(file: start.file, line: line, column: column + remaining)
            }
            remaining -= available + 1  // the line break folded into one space
            line += 1
            let next = lines.indices.contains(line - 1) ? lines[line - 1] : ""
            column = next.prefix { $0 == " " }.count + 1
        }
        return SourceLocation(file: start.file, line: line, column: column)
    }
}
