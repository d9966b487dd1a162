/// How `YAMLEmitter` writes one scalar so that any YAML reader gets the same value back: plain when that is
/// unambiguous, quoted when the text would otherwise change type or break the document, and multi-line text as
/// a `|` literal block (readable scripts in payloads and dry runs).
///
/// Plain is refused more often than the core schema strictly needs, so that readers following YAML 1.1 (where
/// `on`, `yes`, `off` are booleans and `1_000` or `1:30` are numbers) read the same strings.
enum ScalarSpelling: Equatable {
    case plain(String)
    case singleQuoted(String)
    case doubleQuoted(String)
    /// A `|` block: the header after `|` (indentation indicator and chomping) and the lines, without indentation.
    case literal(header: String, lines: [String])

    /// The spelling of a scalar. `allowsBlock` is false for mapping keys, which must fit on one line.
    static func choose(for scalar: YAMLScalar, allowsBlock: Bool) -> ScalarSpelling {
        guard case .string(let text) = scalar.value else {
            let plain = scalar.text.isEmpty ? nil : scalar.text
            if let plain, ScalarValue.resolve(plain, style: .plain, tag: nil) == scalar.value { return .plain(plain) }
            return .plain(scalar.value.canonicalSpelling)
        }
        if isSafePlain(text) { return .plain(text) }
        if allowsBlock, let literal = literalBlock(text) { return literal }
        if text.unicodeScalars.allSatisfy(isPrintableOnOneLine) { return .singleQuoted(text) }
        return .doubleQuoted(text)
    }

    /// The text as it appears in the document (for a literal block, the header line only).
    var inlineText: String {
        switch self {
        case .plain(let text): return text
        case .singleQuoted(let text): return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case .doubleQuoted(let text): return "\"" + text.unicodeScalars.map(Self.escaped).joined() + "\""
        case .literal(let header, _): return "|" + header
        }
    }

    // MARK: plain

    /// Words YAML 1.1 reads as booleans (YAML 1.2 and GitHub read them as strings).
    private static let yaml11Booleans: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    ]

    /// Characters that mean something at the start of a plain scalar (sequence entry, key, flow collection,
    /// comment, anchor, alias, tag, block scalar, quote, directive, reserved).
    private static let leadingIndicators: Set<Unicode.Scalar> = [
        "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`",
    ]

    private static func isSafePlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              !leadingIndicators.contains(first), first != " ", last != " ", last != ":",
              text.unicodeScalars.allSatisfy({ isPrintableOnOneLine($0) && $0 != "\t" }),
              !text.containsText(": "), !text.containsText(" #"), !text.hasPrefix("..."),
              !yaml11Booleans.contains(text), text != "=", text != "<<", !looksNumeric(text),
              ScalarValue.resolve(text, style: .plain, tag: nil) == .string(text)
        else { return false }
        return true
    }

    /// A digit first, or a sign or point before a digit: every number spelling of YAML 1.1 and 1.2 starts so.
    /// Quoting a few strings that are no number (`1.2.3`) costs nothing.
    private static func looksNumeric(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars.prefix(3))
        func isDigit(_ index: Int) -> Bool { index < scalars.count && ("0"..."9").contains(scalars[index]) }
        if isDigit(0) { return true }
        let signOrPoint: Set<Unicode.Scalar> = ["+", "-", "."]
        guard let first = scalars.first, signOrPoint.contains(first) else { return false }
        return isDigit(1) || (scalars.count > 1 && scalars[1] == "." && isDigit(2))
    }

    // MARK: literal blocks

    /// A `|` block for text with line breaks, when every character can stand in one. Chomping keeps the final
    /// line breaks exactly (`-` none, default one, `+` several); an explicit indentation of 2 is given when the
    /// first line with text starts with a space, which the reader would otherwise take for indentation.
    private static func literalBlock(_ text: String) -> ScalarSpelling? {
        guard text.containsText("\n"),
              text.unicodeScalars.allSatisfy({ $0 == "\n" || $0 == "\t" || isPrintableOnOneLine($0) })
        else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var finalBreaks = 0
        while lines.count > 1, lines.last == "" {
            lines.removeLast()
            finalBreaks += 1
        }
        // Lines of only blanks are read as empty lines, and a text of only line breaks has no line to hold them.
        guard lines.contains(where: { !$0.isEmpty }),
              !lines.contains(where: { !$0.isEmpty && $0.allSatisfy { $0 == " " || $0 == "\t" } })
        else { return nil }
        let chomping = finalBreaks == 0 ? "-" : finalBreaks == 1 ? "" : "+"
        lines.append(contentsOf: Array(repeating: "", count: max(finalBreaks - 1, 0)))
        let firstText = lines.first { !$0.isEmpty }
        let indentation = firstText?.first == " " ? "2" : ""
        return .literal(header: indentation + chomping, lines: lines)
    }

    // MARK: characters

    /// Printable in YAML and no line break: libyaml also breaks lines at U+0085, U+2028 and U+2029, and takes
    /// U+FEFF for a byte order mark.
    private static func isPrintableOnOneLine(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20...0x7E, 0xA0...0x2027, 0x202A...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...0x10FFFF:
            return true
        default:
            return false
        }
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        default:
            guard isPrintableOnOneLine(scalar) else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return scalar.value <= 0xFFFF ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            }
            return String(scalar)
        }
    }
}

extension ScalarValue {
    /// A plain spelling that reads back as this value under the core schema: `null`, `true`, `12`, `3.1`,
    /// `.inf`, `.nan`; a string is its own text (quoting is `ScalarSpelling`'s concern).
    var canonicalSpelling: String {
        switch self {
        case .null: return "null"
        case .bool(let bool): return bool ? "true" : "false"
        case .int(let int): return String(int)
        case .float(let float) where float.isNaN: return ".nan"
        case .float(let float) where float.isInfinite: return float < 0 ? "-.inf" : ".inf"
        // Swift's shortest spelling that reads back as the same Double ("3.1", "1.0", "1e+20").
        case .float(let float): return "\(float)"
        case .string(let string): return string
        }
    }
}
