import Foundation
import WorkflowParser

/// `if:` as GitHub evaluates it: the text may be wrapped in `${{ }}` or not; a condition that calls none of the
/// status functions means `success() && (condition)`; an empty one means `success()`.
enum Condition {
    /// Whether the step or job runs. `defaultStatus` is `success()` for steps and jobs, `always()` for
    /// `post-if` of actions.
    static func holds(_ text: Located<String>?, in context: EvaluationContext,
                      defaultCheck: String = "success()") throws(ExpressionFailure) -> Bool {
        var source = text?.value.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if source.hasPrefix("${{"), source.hasSuffix("}}"), source.components(separatedBy: "${{").count == 2 {
            source = String(source.dropFirst(3).dropLast(2)).trimmingCharacters(in: .whitespaces)
        }
        if source.isEmpty { source = defaultCheck }
        do {
            var expression = try WorkflowExpression.parse(source, allowedContexts: nil)
            if !callsStatusFunction(expression.root) {
                expression = try WorkflowExpression.parse("\(defaultCheck) && (\(source))", allowedContexts: nil)
            }
            return try expression.evaluate(in: context).isTruthy
        } catch {
            throw ExpressionFailure(text: source, location: text?.location, error: error)
        }
    }

    private static func callsStatusFunction(_ node: ExpressionNode?) -> Bool {
        guard let node else { return false }
        if case .call(let function, _) = node.kind, BuiltinFunction.statusFunctions.contains(function) { return true }
        return node.kind.children.contains { callsStatusFunction($0) }
    }
}

/// An expression that could not be parsed or evaluated while the job ran, with where it was written.
struct ExpressionFailure: Error, Sendable, CustomStringConvertible {
    let text: String
    let location: SourceLocation?
    let error: ExpressionError

    var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)the expression `\(text)` failed: \(error.message)"
    }
}
