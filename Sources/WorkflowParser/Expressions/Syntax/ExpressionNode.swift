/// A node of a parsed expression. Each node keeps the position of the symbol that makes it (a literal or name
/// itself, a function's name, the operator, the `.` or `[` of an access), so checks on the tree can point there.
public struct ExpressionNode: Sendable {
    public indirect enum Kind: Sendable {
        /// null, a boolean, a number or a string written in the expression.
        case literal(ExpressionValue)
        /// A context (a "named-value"), e.g. `github`, as written.
        case context(String)
        /// `base.name`, `base[key]`, `base.*` or `base[*]`.
        case access(base: ExpressionNode, key: AccessKey)
        case not(ExpressionNode)
        case comparison(ComparisonOperator, ExpressionNode, ExpressionNode)
        /// `a && b && c` is one node with three operands, as on GitHub (it matters for the depth limit).
        case and([ExpressionNode])
        case or([ExpressionNode])
        case call(BuiltinFunction, arguments: [ExpressionNode])
    }

    public enum AccessKey: Sendable {
        case property(String)
        case index(ExpressionNode)
        /// `*`: every element of an array or every value of an object.
        case wildcard
    }

    public let kind: Kind
    /// 1-based offset in Unicode scalars within the expression text.
    public let position: Int
    /// Levels from this node down to its deepest leaf (a leaf is 1); the parser keeps it within the depth limit.
    let height: Int

    init(_ kind: Kind, at position: Int) {
        self.kind = kind
        self.position = position
        self.height = 1 + (kind.children.map(\.height).max() ?? 0)
    }
}

extension ExpressionNode.Kind {
    /// The nodes directly below, left to right; a tree walk needs nothing else.
    public var children: [ExpressionNode] {
        switch self {
        case .literal, .context: []
        case .access(let base, .index(let key)): [base, key]
        case .access(let base, _): [base]
        case .not(let operand): [operand]
        case .comparison(_, let left, let right): [left, right]
        case .and(let operands), .or(let operands): operands
        case .call(_, let arguments): arguments
        }
    }
}

/// The comparison operators, with the text they are written as.
public enum ComparisonOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    func compare(_ left: ExpressionValue, _ right: ExpressionValue) -> Bool {
        switch self {
        case .equal: LooseComparison.equal(left, right)
        case .notEqual: !LooseComparison.equal(left, right)
        case .less: LooseComparison.less(left, right)
        case .lessOrEqual: LooseComparison.equal(left, right) || LooseComparison.less(left, right)
        case .greater: LooseComparison.greater(left, right)
        case .greaterOrEqual: LooseComparison.equal(left, right) || LooseComparison.greater(left, right)
        }
    }
}
