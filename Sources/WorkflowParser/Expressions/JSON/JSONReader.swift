/// Why a JSON text could not be read, and where.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    /// 1-based line and column (columns count Unicode characters) of the offending spot.
    public var line: Int
    public var column: Int

    public var description: String { "\(reason) (line \(line), column \(column))" }
}

/// A strict JSON (RFC 8259) reader that keeps object keys in their written order (Foundation's reader does not),
/// so `toJSON(fromJSON(x))` and printed contexts keep the order the author chose. Nesting is limited so that
/// hostile input cannot exhaust the stack.
struct JSONReader {
    private let bytes: [UInt8]
    private var index = 0
    private let maximumDepth: Int

    /// Parses a whole JSON text: exactly one value, with optional whitespace around it.
    static func parse(_ text: String, maximumDepth: Int) throws(JSONSyntaxError) -> ExpressionValue {
        var reader = JSONReader(bytes: Array(text.utf8), maximumDepth: maximumDepth)
        reader.skipWhitespace()
        guard reader.index < reader.bytes.count else {
            throw reader.failure("the text is empty, a JSON value was expected")
        }
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.index == reader.bytes.count else { throw reader.failure("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    private mutating func readValue(depth: Int) throws(JSONSyntaxError) -> ExpressionValue {
        guard let byte = peek() else { throw failure("unexpected end of text, a value was expected") }
        switch byte {
        case UInt8(ascii: "{"): return try readObject(depth: depth + 1)
        case UInt8(ascii: "["): return try readArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"):
            try readWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try readWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try readWord("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        default: throw failure("unexpected character '\(character(at: index))', a value was expected")
        }
    }

    private mutating func readObject(depth: Int) throws(JSONSyntaxError) -> ExpressionValue {
        try checkDepth(depth)
        index += 1  // {
        var entries: [(key: String, value: ExpressionValue)] = []
        try readMembers(closing: "}") { reader throws(JSONSyntaxError) in
            guard reader.peek() == UInt8(ascii: "\"") else {
                throw reader.failure("an object key in double quotes was expected")
            }
            let key = try reader.readString()
            reader.skipWhitespace()
            guard reader.peek() == UInt8(ascii: ":") else {
                throw reader.failure("':' was expected after an object key")
            }
            reader.index += 1
            reader.skipWhitespace()
            entries.append((key: key, value: try reader.readValue(depth: depth)))
        }
        return .object(ExpressionObject(entries))
    }

    private mutating func readArray(depth: Int) throws(JSONSyntaxError) -> ExpressionValue {
        try checkDepth(depth)
        index += 1  // [
        var elements: [ExpressionValue] = []
        try readMembers(closing: "]") { reader throws(JSONSyntaxError) in
            elements.append(try reader.readValue(depth: depth))
        }
        return .array(ExpressionArray(elements))
    }

    /// Reads `member (, member)*` up to the closing bracket; the opening one is already consumed.
    private mutating func readMembers(
        closing: Unicode.Scalar, _ readMember: (inout JSONReader) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        let close = UInt8(ascii: closing)
        skipWhitespace()
        if peek() == close {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try readMember(&self)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case close:
                index += 1
                return
            case nil: throw failure("unexpected end of text, ',' or '\(closing)' was expected")
            case .some:
                throw failure("unexpected character '\(character(at: index))', ',' or '\(closing)' was expected")
            }
        }
    }

    private mutating func readString() throws(JSONSyntaxError) -> String {
        index += 1  // opening quote
        var utf8: [UInt8] = []
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                utf8.append(contentsOf: String(try readEscape()).utf8)
            case 0..<0x20:
                throw failure("a control character must be escaped inside a string")
            default:
                utf8.append(byte)
                index += 1
            }
        }
        throw failure("unexpected end of text inside a string")
    }

    private mutating func readEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let backslash = index
        index += 1
        guard let byte = peek() else { throw failure("unexpected end of text after '\\'") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try readHexUnit()
            guard UTF16.isLeadSurrogate(unit) else { return Unicode.Scalar(unit) ?? "\u{FFFD}" }
            // A pair is two escapes; a lone half cannot be represented and becomes U+FFFD.
            let save = index
            if peek() == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
                index += 2
                let trail = try readHexUnit()
                if UTF16.isTrailSurrogate(trail) {
                    return Unicode.Scalar(0x10000 + (UInt32(unit) - 0xD800) << 10 + (UInt32(trail) - 0xDC00))!
                }
            }
            index = save
            return "\u{FFFD}"
        default:
            index = backslash
            throw failure("unknown escape '\\\(character(at: backslash + 1))'")
        }
    }

    private mutating func readHexUnit() throws(JSONSyntaxError) -> UInt16 {
        guard index + 4 <= bytes.count,
            bytes[index..<(index + 4)].allSatisfy({ $0 < 0x80 && Character(UnicodeScalar($0)).isHexDigit }),
            let unit = UInt16(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16)
        else { throw failure("'\\u' must be followed by four hex digits") }
        index += 4
        return unit
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func readNumber() throws(JSONSyntaxError) -> Double {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else {
            try readDigits("a digit")
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            try readDigits("a digit after '.'")
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            try readDigits("a digit in the exponent")
        }
        return Double(String(decoding: bytes[start..<index], as: UTF8.self))!
    }

    private mutating func readDigits(_ expected: String) throws(JSONSyntaxError) {
        let start = index
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        guard index > start else { throw failure("\(expected) was expected") }
    }

    private mutating func readWord(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<(index + expected.count)]) == expected else {
            throw failure("unexpected character '\(character(at: index))', a value was expected")
        }
        index += expected.count
    }

    private func checkDepth(_ depth: Int) throws(JSONSyntaxError) {
        guard depth <= maximumDepth else { throw failure("arrays and objects nest deeper than \(maximumDepth) levels") }
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), [0x20, 0x09, 0x0A, 0x0D].contains(byte) { index += 1 }
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    /// The character starting at byte `position`, for messages.
    private func character(at position: Int) -> String {
        String(String(decoding: bytes[position...].prefix(4), as: UTF8.self).prefix(1))
    }

    /// The error at the current spot, with its line and column counted in characters.
    private func failure(_ reason: String) -> JSONSyntaxError {
        let before = bytes[..<min(index, bytes.count)]
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let line = before.count(where: { $0 == 0x0A }) + 1
        let column = bytes[lineStart..<before.endIndex].count(where: { $0 & 0xC0 != 0x80 }) + 1
        return JSONSyntaxError(reason: reason, line: line, column: column)
    }
}

extension ExpressionValue {
    /// Reads a JSON text (keeping object keys in order). `maximumDepth` bounds how deeply arrays and objects may
    /// nest; `fromJSON` uses 64, the limit of GitHub's JSON reader.
    public init(parsingJSON text: String, maximumDepth: Int = 512) throws(JSONSyntaxError) {
        self = try JSONReader.parse(text, maximumDepth: maximumDepth)
    }
}
