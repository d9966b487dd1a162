/// Reads expression text into tokens, with GitHub's rules:
/// - a word runs until a boundary (whitespace or one of `( ) [ ] , . ! < > = & |`); it must look like an
///   identifier (`[A-Za-z_][A-Za-z0-9_-]*`), and `true`, `false`, `null`, `NaN`, `Infinity` are literals except
///   right after a `.`, where they are property names;
/// - a number starts with a digit, a sign, or a `.` that cannot be a property access, and runs like a word but
///   through dots; it must parse as `NumberText` reads numbers (so `0x1F` and `1e3` are numbers, `-0xFF` is not);
/// - strings are single-quoted, `''` standing for one quote;
/// - a lone `=`, `&` or `|` is an error, reported with the rest of its word.
/// Malformed symbols are "lexing" errors; symbols in the wrong place are left to the parser.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private let text: String
    private var offset = 0
    private var tokens: [Token] = []

    static func tokens(of text: String) throws(ExpressionError) -> [Token] {
        var lexer = Lexer(text: text)
        guard lexer.scalars.count <= ExpressionLimits.maximumLength else { throw .tooLong }
        try lexer.readAll()
        return lexer.tokens
    }

    private init(text: String) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
    }

    private mutating func readAll() throws(ExpressionError) {
        while offset < scalars.count {
            let start = offset
            let scalar = scalars[offset]
            offset += 1
            switch scalar {
            case "(": add(.leftParenthesis, from: start)
            case ")": add(.rightParenthesis, from: start)
            case "[": add(.leftBracket, from: start)
            case "]": add(.rightBracket, from: start)
            case ",": add(.comma, from: start)
            case "*": add(.star, from: start)
            case ".":
                if followsSomethingWithProperties { add(.dot, from: start) } else { try readNumber(from: start) }
            case "-", "+", "0"..."9": try readNumber(from: start)
            case "!": add(skip("=") ? .notEqual : .not, from: start)
            case "<": add(skip("=") ? .lessOrEqual : .less, from: start)
            case ">": add(skip("=") ? .greaterOrEqual : .greater, from: start)
            case "=": try readDoubled(.equal, from: start)
            case "&": try readDoubled(.and, from: start)
            case "|": try readDoubled(.or, from: start)
            case "'": try readString(from: start)
            case _ where scalar.properties.isWhitespace: continue
            default: try readWord(from: start)
            }
        }
    }

    /// Whether a `.` here accesses a property: after a name, `]`, `)` or `*`; anywhere else it starts a number.
    private var followsSomethingWithProperties: Bool {
        switch tokens.last?.kind {
        case .identifier, .rightBracket, .rightParenthesis, .star: true
        default: false
        }
    }

    private mutating func readNumber(from start: Int) throws(ExpressionError) {
        skipToBoundary(throughDots: true)
        let lexeme = lexeme(from: start)
        let value = NumberText.parse(lexeme)
        guard !value.isNaN else { throw malformed(lexeme, at: start) }
        add(.number(value), from: start)
    }

    private mutating func readWord(from start: Int) throws(ExpressionError) {
        skipToBoundary(throughDots: false)
        let word = lexeme(from: start)
        guard Self.isIdentifier(word) else { throw malformed(word, at: start) }
        let kind: Token.Kind =
            if tokens.last?.kind == .dot { .identifier } else {
                switch word {
                case "true": .true
                case "false": .false
                case "null": .null
                case "NaN": .number(.nan)
                case "Infinity": .number(.infinity)
                default: .identifier
                }
            }
        add(kind, from: start)
    }

    /// `==`, `&&`, `||`: the first character is already read; alone it is an error.
    private mutating func readDoubled(_ kind: Token.Kind, from start: Int) throws(ExpressionError) {
        guard skip(scalars[start]) else {
            skipToBoundary(throughDots: false)
            throw malformed(lexeme(from: start), at: start)
        }
        add(kind, from: start)
    }

    private mutating func readString(from start: Int) throws(ExpressionError) {
        var value = String.UnicodeScalarView()
        while offset < scalars.count {
            let scalar = scalars[offset]
            offset += 1
            if scalar == "'" {
                guard skip("'") else {
                    add(.string(String(value)), from: start)
                    return
                }
            }
            value.append(scalar)
        }
        throw malformed(lexeme(from: start), at: start)
    }

    private mutating func skip(_ expected: Unicode.Scalar) -> Bool {
        guard offset < scalars.count, scalars[offset] == expected else { return false }
        offset += 1
        return true
    }

    private mutating func skipToBoundary(throughDots: Bool) {
        while offset < scalars.count, !Self.isBoundary(scalars[offset]) || (throughDots && scalars[offset] == ".") {
            offset += 1
        }
    }

    private func lexeme(from start: Int) -> String {
        String(String.UnicodeScalarView(scalars[start..<offset]))
    }

    private mutating func add(_ kind: Token.Kind, from start: Int) {
        tokens.append(Token(kind: kind, lexeme: lexeme(from: start), position: start + 1))
    }

    private func malformed(_ lexeme: String, at start: Int) -> ExpressionError {
        .syntax(.unexpectedSymbol, symbol: lexeme, at: start + 1, in: text, kind: .lexing)
    }

    private static func isBoundary(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "(", ")", "[", "]", ",", ".", "!", "<", ">", "=", "&", "|": true
        default: scalar.properties.isWhitespace
        }
    }

    private static func isIdentifier(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, first == "_" || isLetter(first) else { return false }
        return word.unicodeScalars.dropFirst().allSatisfy {
            $0 == "_" || $0 == "-" || isLetter($0) || ("0"..."9").contains($0)
        }
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
