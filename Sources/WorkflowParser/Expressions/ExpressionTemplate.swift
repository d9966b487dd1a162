/// A workflow string that may embed `${{ }}` expressions, split into text and expressions.
///
/// GitHub's rules: an expression ends at the first `}}` outside a single-quoted string; a string that is exactly
/// one expression (nothing before `${{` or after `}}`, not even spaces) keeps the expression's type, so
/// `${{ matrix.count }}` can be a number; anything else becomes a string, each expression converted as
/// `format` converts values (null is '', arrays 'Array', …).
public struct ExpressionTemplate: Sendable {
    public enum Part: Sendable {
        /// Literal text, starting at `offset` (1-based, in Unicode scalars) in the string.
        case text(String, offset: Int)
        /// An expression; `offset` is where its own text starts (after `${{` and spaces), so an error at
        /// position p inside it is at `offset + p - 1` in the string.
        case expression(WorkflowExpression, offset: Int)
    }

    public let parts: [Part]
    /// True when the whole string is one `${{ }}`: evaluation then keeps the value's type.
    public let isSingleExpression: Bool

    /// Splits and parses `text`. Errors carry positions in `text`.
    public static func parse(
        _ text: String, allowedContexts: Set<String>?, allowedFunctions: Set<BuiltinFunction>? = nil
    ) throws(ExpressionError) -> ExpressionTemplate {
        let scalars = Array(text.unicodeScalars)
        var parts: [Part] = []
        var index = 0
        while index < scalars.count {
            guard let open = find("${{", in: scalars, from: index) else {
                parts.append(.text(string(scalars[index...]), offset: index + 1))
                break
            }
            if open > index { parts.append(.text(string(scalars[index..<open]), offset: index + 1)) }
            guard let close = closingBraces(in: scalars, after: open + 3) else {
                throw ExpressionError(
                    kind: .parsing,
                    message:
                        "The expression starting at position \(open + 1) is not closed: '${{' has no matching '}}'",
                    position: open + 1)
            }
            var start = open + 3
            var end = close
            while start < end, scalars[start].properties.isWhitespace { start += 1 }
            while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
            guard start < end else {
                throw ExpressionError(
                    kind: .parsing,
                    message: "The expression at position \(open + 1) is empty: write a value between '${{' and '}}'",
                    position: open + 1)
            }
            parts.append(
                .expression(
                    try parseExpression(string(scalars[start..<end]), at: start + 1, allowedContexts, allowedFunctions),
                    offset: start + 1))
            index = close + 2
        }
        let isSingle = if parts.count == 1, case .expression = parts[0] { true } else { false }
        return ExpressionTemplate(parts: parts, isSingleExpression: isSingle)
    }

    /// The value: the expression's own for a single expression, otherwise the text with each expression's value
    /// converted to a string.
    public func evaluate(in context: EvaluationContext) throws(ExpressionError) -> ExpressionValue {
        if isSingleExpression, case .expression(let expression, _) = parts[0] {
            return try expression.evaluate(in: context)
        }
        var result = ""
        for part in parts {
            switch part {
            case .text(let text, _):
                result += text
            case .expression(let expression, let offset):
                result += try expression.evaluate(in: context).coercedString
                // Each expression has its own budget; the joined text must fit the same limit, as on GitHub,
                // where the whole string is evaluated as one `format` call.
                guard MemoryBudget.costOfString(utf16Count: result.utf16.count) <= context.memoryLimit else {
                    throw ExpressionError(
                        kind: .evaluation,
                        message: "The maximum allowed memory size was exceeded: the text with its expressions needs "
                            + "more than \(context.memoryLimit) bytes",
                        position: offset)
                }
            }
        }
        return .string(result)
    }

    private static func parseExpression(
        _ text: String, at offset: Int, _ allowedContexts: Set<String>?, _ allowedFunctions: Set<BuiltinFunction>?
    ) throws(ExpressionError) -> WorkflowExpression {
        do throws(ExpressionError) {
            return try WorkflowExpression.parse(
                text, allowedContexts: allowedContexts, allowedFunctions: allowedFunctions)
        } catch {
            throw ExpressionError(
                kind: error.kind, message: error.message, position: error.position.map { offset + $0 - 1 } ?? offset)
        }
    }

    /// The index of the `}}` that closes an expression whose text starts at `start`: the first outside quotes.
    private static func closingBraces(in scalars: [Unicode.Scalar], after start: Int) -> Int? {
        var insideString = false
        var index = start
        while index + 1 < scalars.count {
            if scalars[index] == "'" {
                insideString.toggle()  // '' inside a string flips twice, which is right
            } else if !insideString, scalars[index] == "}", scalars[index + 1] == "}" {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func find(_ marker: String, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        let pattern = Array(marker.unicodeScalars)
        guard start + pattern.count <= scalars.count else { return nil }
        return (start...(scalars.count - pattern.count)).first {
            scalars[$0..<($0 + pattern.count)].elementsEqual(pattern)
        }
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(String.UnicodeScalarView(scalars))
    }
}
