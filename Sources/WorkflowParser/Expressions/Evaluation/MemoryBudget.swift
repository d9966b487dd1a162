/// GitHub's bound on the memory an evaluation holds, so `format('{0}{0}…', toJSON(github))` fails cleanly instead
/// of exhausting the runner.
///
/// Each node's result is charged at the node's depth in the tree. When a node produces a primitive (such as a
/// string), what its descendants held is released: the result no longer needs it. An array or object keeps the
/// charges below it, since it may share their memory. Functions that build strings also check the budget while
/// building, so an oversized string fails before it exists.
final class MemoryBudget {
    private let limit: Int
    private let expressionText: String
    private var chargedAtDepth: [Int] = []
    private var total = 0

    init(limit: Int, expressionText: String) {
        self.limit = limit
        self.expressionText = expressionText
    }

    func charge(_ value: ExpressionValue, depth: Int, position: Int) throws(ExpressionError) {
        if value.isPrimitive, chargedAtDepth.count > depth + 1 {
            total -= chargedAtDepth[(depth + 1)...].reduce(0, +)
            chargedAtDepth.removeLast(chargedAtDepth.count - depth - 1)
        }
        while chargedAtDepth.count <= depth { chargedAtDepth.append(0) }
        let cost = Self.cost(of: value)
        chargedAtDepth[depth] += cost
        total += cost
        guard total <= limit else { throw exceeded(at: position) }
    }

    /// Whether `bytes` more would still fit (for strings being built).
    func hasRoom(for bytes: Int) -> Bool {
        total + bytes <= limit
    }

    func exceeded(at position: Int) -> ExpressionError {
        ExpressionError(
            kind: .evaluation,
            message: "The maximum allowed memory size was exceeded: evaluating the expression needs more than "
                + "\(limit) bytes for intermediate results. Expression: \(expressionText)",
            position: position)
    }

    /// GitHub's estimate: a string costs 26 bytes plus 2 per UTF-16 unit, a `*` filter's array 24 plus 8 per
    /// element, anything else 24.
    static func cost(of value: ExpressionValue) -> Int {
        switch value {
        case .string(let text): costOfString(utf16Count: text.utf16.count)
        case .array(let array) where array.isFilterResult: 24 + 8 * array.count
        default: 24
        }
    }

    static func costOfString(utf16Count: Int) -> Int {
        26 + 2 * utf16Count
    }
}

/// A string a function is building, checked against the budget as it grows.
struct BudgetedText: TextSink {
    private(set) var text = ""
    private var utf16Count = 0
    private let budget: MemoryBudget
    private let position: Int

    init(budget: MemoryBudget, position: Int) {
        self.budget = budget
        self.position = position
    }

    mutating func write(_ piece: String) throws(ExpressionError) {
        utf16Count += piece.utf16.count
        guard budget.hasRoom(for: MemoryBudget.costOfString(utf16Count: utf16Count)) else {
            throw budget.exceeded(at: position)
        }
        text += piece
    }
}
