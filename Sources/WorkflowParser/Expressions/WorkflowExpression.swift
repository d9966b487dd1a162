/// A parsed `${{ }}` expression (the text between the braces), ready to evaluate any number of times.
///
/// Named `WorkflowExpression` rather than `Expression` because Foundation has a generic `Expression`, and files
/// that import both would have to spell the module out.
public struct WorkflowExpression: Sendable, CustomStringConvertible {
    /// The expression as written.
    public let text: String
    /// The tree; nil when the text is empty or blank (such an expression evaluates to null).
    public let root: ExpressionNode?

    /// Parses `text`, checking names as GitHub does.
    /// - Parameters:
    ///   - allowedContexts: the context names the expression may use, ignoring case (e.g. `["github", "env"]`);
    ///     any other name is "Unrecognized named-value". nil allows every name.
    ///   - allowedFunctions: the functions it may call; nil allows all of `BuiltinFunction`. Pass
    ///     `BuiltinFunction.general` (plus `.hashFiles` or `.statusFunctions` where the runner offers them) to
    ///     reject calls GitHub would reject at that place.
    public static func parse(
        _ text: String, allowedContexts: Set<String>?, allowedFunctions: Set<BuiltinFunction>? = nil
    ) throws(ExpressionError) -> WorkflowExpression {
        WorkflowExpression(
            text: text,
            root: try Parser.parse(text, allowedContexts: allowedContexts, allowedFunctions: allowedFunctions))
    }

    /// Computes the value. Errors are of kind `.evaluation` (a bad format string, invalid JSON for `fromJSON`,
    /// too much memory, a function the context does not support).
    public func evaluate(in context: EvaluationContext) throws(ExpressionError) -> ExpressionValue {
        guard let root else { return .null }
        return try Evaluator(context: context, expressionText: text).evaluate(root)
    }

    public var description: String { text }
}
