/// `case(predicate1, value1, predicate2, value2, …, default)`: the value after the first predicate that is true,
/// else the default. Predicates must be booleans (not merely truthy). Only the predicates up to the chosen one and
/// the chosen value are evaluated.
enum Case {
    static func evaluate(_ call: FunctionCall) throws(ExpressionError) -> ExpressionValue {
        for pair in stride(from: 0, to: call.argumentCount - 1, by: 2) {
            guard case .bool(let chosen) = try call.argument(pair) else {
                throw call.failure("case predicate must evaluate to a boolean value")
            }
            if chosen { return try call.argument(pair + 1) }
        }
        return try call.argument(call.argumentCount - 1)
    }
}
