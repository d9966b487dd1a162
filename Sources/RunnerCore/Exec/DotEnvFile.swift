import Foundation

/// `exec --secret-file` and `--env-file`: `KEY=VALUE` lines in the `.env` format act and forgejo-runner read, so
/// files written for them (act's `.secrets`, a project's `.env`) mean the same here:
/// - blank lines and lines starting with `#` are skipped; `export KEY=VALUE` is allowed;
/// - an unquoted value is trimmed and ends at ` #` (a comment);
/// - `"…"` turns `\n`, `\r`, `\t`, `\"` and `\\` into what they stand for and may span lines;
/// - `'…'` is taken as written and may span lines.
public enum DotEnvFile {
    /// The pairs of `text` in file order; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(DotEnvError) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        var index = 0
        while index < lines.count {
            let number = index + 1
            var line = Substring(lines[index]).drop { $0 == " " || $0 == "\t" }
            index += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count).drop { $0 == " " } }
            guard let equals = line.firstIndex(of: "=") else {
                throw DotEnvError(file: file, line: number, message: "`\(line)` is not KEY=VALUE")
            }
            let key = line[..<equals].trimmingCharacters(in: [" ", "\t"])
            guard !key.isEmpty, !key.contains(" ") else {
                throw DotEnvError(file: file, line: number, message: "`\(line)` has no usable name before `=`")
            }
            var rest = String(line[line.index(after: equals)...].drop { $0 == " " || $0 == "\t" })
            guard let quote = rest.first, quote == "\"" || quote == "'" else {
                let value = rest.range(of: " #").map { String(rest[..<$0.lowerBound]) } ?? rest
                pairs.append((key: key, value: value.trimmingCharacters(in: [" ", "\t"])))
                continue
            }
            // A quoted value runs to its closing quote, over as many lines as it takes.
            rest.removeFirst()
            var value = ""
            var closed = false
            while !closed {
                var characters = rest.makeIterator()
                while let character = characters.next() {
                    if character == quote {
                        closed = true
                        break
                    }
                    if quote == "\"", character == "\\", let escaped = characters.next() {
                        switch escaped {
                        case "n": value.append("\n")
                        case "r": value.append("\r")
                        case "t": value.append("\t")
                        default: value.append(escaped)
                        }
                    } else {
                        value.append(character)
                    }
                }
                if closed { break }
                guard index < lines.count else {
                    throw DotEnvError(file: file, line: number, message: "the value of \(key) opens \(quote) but never closes it")
                }
                value.append("\n")
                rest = lines[index]
                index += 1
            }
            pairs.append((key: key, value: value))
        }
        return pairs
    }
}

/// A line of a `.env` file that cannot be read, with where it is.
public struct DotEnvError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String

    public var description: String { "\(file):\(line): \(message); write KEY=VALUE, quoting values that span lines" }
}
