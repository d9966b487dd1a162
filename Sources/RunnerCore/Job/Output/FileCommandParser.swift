import Foundation

/// Reads the files a step writes to talk to the runner: GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STATE hold
/// `NAME=value` lines and `NAME<<DELIMITER` blocks; GITHUB_PATH holds one directory per line.
public enum FileCommandParser {
    /// The name–value pairs of `text` in file order. A name written twice appears twice: the caller lets the last
    /// one win. `NAME=value` splits at the first `=` (so the value may hold more); a line with `<<` before any `=`
    /// opens a block whose value is the lines up to one that is exactly the delimiter, joined with `\n`. Lines may
    /// end in `\r\n`; blank lines between entries are skipped. `file` names the file in errors.
    public static func parseKeyValues(_ text: String, file: String) throws(FileCommandError)
        -> [(name: String, value: String)] {
        let lines = Self.lines(of: text)
        var pairs: [(name: String, value: String)] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let number = index + 1
            index += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            let fail = { (message: String) in FileCommandError(file: file, line: number, message: message) }

            let equals = line.firstIndex(of: "=")
            let heredoc = line.firstRange(of: "<<")
            if let equals, equals < heredoc?.lowerBound ?? line.endIndex {
                let name = line[..<equals]
                guard !name.isEmpty else {
                    throw fail("'\(line)' has no name before '=': write NAME=value")
                }
                pairs.append((String(name), String(line[line.index(after: equals)...])))
            } else if let heredoc {
                let name = line[..<heredoc.lowerBound]
                let delimiter = line[heredoc.upperBound...]
                guard !name.isEmpty else {
                    throw fail("'\(line)' has no name before '<<': write NAME\(line)")
                }
                guard !delimiter.isEmpty else {
                    throw fail("'\(line)' has no delimiter after '<<': write \(name)<<EOF, then the value's lines, "
                               + "then a line EOF")
                }
                guard let end = lines[index...].firstIndex(where: { $0 == delimiter }) else {
                    throw fail("the value of \(name) started with '\(line)' was not closed: add a line `\(delimiter)`")
                }
                pairs.append((String(name), lines[index..<end].joined(separator: "\n")))
                index = end + 1
            } else {
                throw fail("'\(line)' is neither NAME=value nor NAME<<DELIMITER: write NAME=value, or NAME<<EOF, "
                           + "the value's lines, then a line EOF")
            }
        }
        return pairs
    }

    /// The directories of a GITHUB_PATH file, in order: each non-blank line, trimmed.
    public static func parsePaths(_ text: String) -> [String] {
        lines(of: text).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `text` split at `\n`, each line without a `\r` before it. Splits on scalars: as a `Character`, `\r\n` is one
    /// grapheme and would never equal `\n`.
    private static func lines(of text: String) -> [Substring] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { scalars in
            let line = Substring(scalars)
            return line.unicodeScalars.last == "\r" ? Substring(line.unicodeScalars.dropLast()) : line
        }
    }
}
