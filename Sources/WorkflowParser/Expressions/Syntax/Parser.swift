/// Turns tokens into an `ExpressionNode` tree by precedence climbing. From loosest to tightest binding:
/// `||`, `&&`, `== !=`, `< <= > >=`, `!`, then `.` and `[]` after a context, a call or a parenthesised group;
/// binary operators group left to right.
///
/// Names are checked while parsing, as GitHub does: a context must be one of `allowedContexts` ("Unrecognized
/// named-value"), a function must be known and allowed, and take a fitting number of arguments.
///
/// Depth is limited two ways. Every node checks its height, so a tree deeper than GitHub's limit fails exactly
/// where GitHub's fails. Every parenthesis, call, index and `!` also counts while they are open, so that the
/// parser's recursion stays bounded even for `((((…))))`, which GitHub's TypeScript parser limits the same way.
struct Parser {
    private let tokens: [Token]
    private let text: String
    private let allowedContexts: Set<String>?
    private let allowedFunctions: Set<BuiltinFunction>?
    private var index = 0
    private var openNesting = 0

    /// nil for an expression without tokens (empty or blank), which evaluates to null.
    static func parse(
        _ text: String, allowedContexts: Set<String>?, allowedFunctions: Set<BuiltinFunction>?
    ) throws(ExpressionError) -> ExpressionNode? {
        var parser = Parser(
            tokens: try Lexer.tokens(of: text), text: text,
            allowedContexts: allowedContexts.map { Set($0.map { $0.lowercased() }) },
            allowedFunctions: allowedFunctions)
        guard !parser.tokens.isEmpty else { return nil }
        let root = try parser.parseBinary(loosest: .or)
        if let extra = parser.peek() { throw parser.unexpected(extra) }
        return root
    }

    private init(tokens: [Token], text: String, allowedContexts: Set<String>?, allowedFunctions: Set<BuiltinFunction>?)
    {
        self.tokens = tokens
        self.text = text
        self.allowedContexts = allowedContexts
        self.allowedFunctions = allowedFunctions
    }

    /// Binary operator levels, loosest first.
    private enum Level: Int, Comparable {
        case or, and, equality, order

        static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        var tighter: Level? { Level(rawValue: rawValue + 1) }
    }

    private enum BinaryOperator: Equatable {
        case or, and
        case comparison(ComparisonOperator)

        init?(_ kind: Token.Kind) {
            switch kind {
            case .or: self = .or
            case .and: self = .and
            case .equal: self = .comparison(.equal)
            case .notEqual: self = .comparison(.notEqual)
            case .less: self = .comparison(.less)
            case .lessOrEqual: self = .comparison(.lessOrEqual)
            case .greater: self = .comparison(.greater)
            case .greaterOrEqual: self = .comparison(.greaterOrEqual)
            default: return nil
            }
        }

        var level: Level {
            switch self {
            case .or: .or
            case .and: .and
            case .comparison(.equal), .comparison(.notEqual): .equality
            case .comparison: .order
            }
        }
    }

    /// An expression whose binary operators bind at least as tightly as `loosest`.
    private mutating func parseBinary(loosest: Level) throws(ExpressionError) -> ExpressionNode {
        var left = try parseUnary()
        while let token = peek(), let op = BinaryOperator(token.kind), op.level >= loosest {
            switch op {
            case .and, .or:
                left = try parseChain(of: op, startingWith: left, at: token.position)
            case .comparison(let comparison):
                index += 1
                let right = try parseOperand(tighterThan: op.level)
                left = try node(.comparison(comparison, left, right), at: token.position)
            }
        }
        return left
    }

    /// `a && b && c` is one node with three operands, also when written `(a && b) && c`, as GitHub builds it;
    /// the node sits at its first operator.
    private mutating func parseChain(
        of op: BinaryOperator, startingWith first: ExpressionNode, at position: Int
    ) throws(ExpressionError) -> ExpressionNode {
        func operands(of node: ExpressionNode) -> [ExpressionNode] {
            switch (node.kind, op) {
            case (.and(let operands), .and), (.or(let operands), .or): operands
            default: [node]
            }
        }
        var chain = operands(of: first)
        while let token = peek(), BinaryOperator(token.kind) == op {
            index += 1
            chain += operands(of: try parseOperand(tighterThan: op.level))
        }
        return try node(op == .and ? .and(chain) : .or(chain), at: position)
    }

    private mutating func parseOperand(tighterThan level: Level) throws(ExpressionError) -> ExpressionNode {
        guard let tighter = level.tighter else { return try parseUnary() }
        return try parseBinary(loosest: tighter)
    }

    private mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        guard let token = peek(), token.kind == .not else { return try parsePostfix() }
        index += 1
        let operand = try nested { (parser: inout Parser) throws(ExpressionError) in try parser.parseUnary() }
        return try node(.not(operand), at: token.position)
    }

    /// A primary expression with any `.name`, `.*`, `[key]`, `[*]` after it. Only contexts, calls and groups
    /// take them; `'a'.b` and `1[0]` are errors, as on GitHub.
    private mutating func parsePostfix() throws(ExpressionError) -> ExpressionNode {
        var (base, takesAccess) = try parsePrimary()
        guard takesAccess else { return base }
        while let token = peek() {
            switch token.kind {
            case .dot:
                index += 1
                let name = try next()
                switch name.kind {
                case .identifier: base = try node(.access(base: base, key: .property(name.lexeme)), at: token.position)
                case .star: base = try node(.access(base: base, key: .wildcard), at: token.position)
                default: throw unexpected(name)
                }
            case .leftBracket:
                index += 1
                let key: ExpressionNode.AccessKey
                if peek()?.kind == .star {
                    index += 1
                    key = .wildcard
                } else {
                    key = .index(
                        try nested { (parser: inout Parser) throws(ExpressionError) in
                            try parser.parseBinary(loosest: .or)
                        })
                }
                try expect(.rightBracket)
                base = try node(.access(base: base, key: key), at: token.position)
            default:
                return base
            }
        }
        return base
    }

    private mutating func parsePrimary() throws(ExpressionError) -> (node: ExpressionNode, takesAccess: Bool) {
        let token = try next()
        switch token.kind {
        case .null: return (ExpressionNode(.literal(.null), at: token.position), false)
        case .true: return (ExpressionNode(.literal(.bool(true)), at: token.position), false)
        case .false: return (ExpressionNode(.literal(.bool(false)), at: token.position), false)
        case .number(let value): return (ExpressionNode(.literal(.number(value)), at: token.position), false)
        case .string(let value): return (ExpressionNode(.literal(.string(value)), at: token.position), false)
        case .identifier where peek()?.kind == .leftParenthesis: return (try parseCall(name: token), true)
        case .identifier:
            guard allowedContexts?.contains(token.lexeme.lowercased()) ?? true else {
                throw .syntax(.unrecognizedNamedValue, symbol: token.lexeme, at: token.position, in: text)
            }
            return (ExpressionNode(.context(token.lexeme), at: token.position), true)
        case .leftParenthesis:
            let inner = try nested { (parser: inout Parser) throws(ExpressionError) in
                try parser.parseBinary(loosest: .or)
            }
            try expect(.rightParenthesis)
            return (inner, true)
        default:
            throw unexpected(token)
        }
    }

    private mutating func parseCall(name: Token) throws(ExpressionError) -> ExpressionNode {
        guard let function = BuiltinFunction(named: name.lexeme), allowedFunctions?.contains(function) ?? true else {
            throw .syntax(.unrecognizedFunction, symbol: name.lexeme, at: name.position, in: text)
        }
        index += 1  // (
        let arguments = try nested { (parser: inout Parser) throws(ExpressionError) -> [ExpressionNode] in
            var arguments: [ExpressionNode] = []
            if parser.peek()?.kind == .rightParenthesis { return arguments }
            repeat {
                arguments.append(try parser.parseBinary(loosest: .or))
            } while parser.skip(.comma)
            return arguments
        }
        try expect(.rightParenthesis)
        if let problem = function.argumentProblem(count: arguments.count) {
            throw .syntax(problem, symbol: name.lexeme, at: name.position, in: text)
        }
        return try node(.call(function, arguments: arguments), at: name.position)
    }

    /// Parses something inside an open bracket, parenthesis or `!`, counting it against the depth limit.
    private mutating func nested<Result>(
        _ parse: (inout Parser) throws(ExpressionError) -> Result
    ) throws(ExpressionError) -> Result {
        openNesting += 1
        defer { openNesting -= 1 }
        guard openNesting <= ExpressionLimits.maximumDepth else { throw .tooDeep }
        return try parse(&self)
    }

    private func node(_ kind: ExpressionNode.Kind, at position: Int) throws(ExpressionError) -> ExpressionNode {
        let node = ExpressionNode(kind, at: position)
        guard node.height <= ExpressionLimits.maximumDepth else { throw .tooDeep }
        return node
    }

    private func peek() -> Token? {
        index < tokens.count ? tokens[index] : nil
    }

    /// The next token; at the end, GitHub's "Unexpected end of expression" naming the last token.
    private mutating func next() throws(ExpressionError) -> Token {
        guard let token = peek() else {
            let last = tokens[index - 1]
            throw .syntax(.unexpectedEnd, symbol: last.lexeme, at: last.position, in: text)
        }
        index += 1
        return token
    }

    private mutating func skip(_ kind: Token.Kind) -> Bool {
        guard peek()?.kind == kind else { return false }
        index += 1
        return true
    }

    private mutating func expect(_ kind: Token.Kind) throws(ExpressionError) {
        let token = try next()
        guard token.kind == kind else { throw unexpected(token) }
    }

    private func unexpected(_ token: Token) -> ExpressionError {
        .syntax(.unexpectedSymbol, symbol: token.lexeme, at: token.position, in: text)
    }
}
