/// `success()`, `failure()`, `cancelled()`: whether the status is that one; `always()`: true. They need a
/// `StatusProvider`, which only `if:` conditions have, so without one they fail instead of guessing.
enum StatusCheck {
    static func evaluate(
        _ call: FunctionCall, function: BuiltinFunction, passes: (ExecutionStatus) -> Bool
    ) throws(ExpressionError) -> ExpressionValue {
        guard let status = call.context.statusProvider?.status else {
            throw call.failure(
                "\(function.rawValue)() is not available here: status functions only work in 'if' conditions, "
                    + "where the runner knows the job's status")
        }
        return .bool(passes(status))
    }
}
