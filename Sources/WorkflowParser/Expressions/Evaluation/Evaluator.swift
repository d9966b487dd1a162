/// One evaluation of one expression: walks the tree, charging every result to the memory budget.
final class Evaluator {
    let context: EvaluationContext
    let budget: MemoryBudget

    init(context: EvaluationContext, expressionText: String) {
        self.context = context
        self.budget = MemoryBudget(limit: context.memoryLimit, expressionText: expressionText)
    }

    /// The value of `node`, which sits `depth` levels below the root.
    func evaluate(_ node: ExpressionNode, depth: Int = 0) throws(ExpressionError) -> ExpressionValue {
        let value = try value(of: node, depth: depth)
        try budget.charge(value, depth: depth, position: node.position)
        return value
    }

    private func value(of node: ExpressionNode, depth: Int) throws(ExpressionError) -> ExpressionValue {
        let below = depth + 1
        switch node.kind {
        case .literal(let value):
            return value
        case .context(let name):
            return context.contexts[name] ?? .null
        case .access(let base, let key):
            return try access(key, of: base, depth: below)
        case .not(let operand):
            return .bool(!(try evaluate(operand, depth: below).isTruthy))
        case .comparison(let op, let left, let right):
            let leftValue = try evaluate(left, depth: below)
            return .bool(op.compare(leftValue, try evaluate(right, depth: below)))
        case .and(let operands):
            return try deciding(operands, depth: below) { !$0.isTruthy }
        case .or(let operands):
            return try deciding(operands, depth: below) { $0.isTruthy }
        case .call(let function, let arguments):
            return try function.call(
                FunctionCall(evaluator: self, arguments: arguments, depth: below, position: node.position))
        }
    }

    /// `&&` and `||` stop at the first operand that decides the outcome and produce that operand itself, not a
    /// boolean (`'' || 'x'` is 'x'); when none decides, the last one.
    private func deciding(
        _ operands: [ExpressionNode], depth: Int, decides: (ExpressionValue) -> Bool
    ) throws(ExpressionError) -> ExpressionValue {
        var value = ExpressionValue.null
        for operand in operands {
            value = try evaluate(operand, depth: depth)
            if decides(value) { break }
        }
        return value
    }
}

/// What a function sees of its call: the arguments, evaluated only when asked for (so `case` evaluates only the
/// branch it picks), and the evaluation's context and budget.
struct FunctionCall {
    let evaluator: Evaluator
    let arguments: [ExpressionNode]
    /// Depth of the arguments in the tree.
    let depth: Int
    /// Where the call is written, for errors.
    let position: Int

    var argumentCount: Int { arguments.count }

    var context: EvaluationContext { evaluator.context }

    func argument(_ index: Int) throws(ExpressionError) -> ExpressionValue {
        try evaluator.evaluate(arguments[index], depth: depth)
    }

    /// A string to build the result in, within the memory budget.
    func resultText() -> BudgetedText {
        BudgetedText(budget: evaluator.budget, position: position)
    }

    func failure(_ message: String) -> ExpressionError {
        ExpressionError(kind: .evaluation, message: message, position: position)
    }
}
