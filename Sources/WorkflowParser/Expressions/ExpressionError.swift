/// An error in a `${{ }}` expression: the stage that found it, the message in GitHub's wording (so users can
/// search for it), and where it is.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stage that rejected the expression: reading its symbols, arranging them, or computing its value.
    public enum Kind: String, Sendable {
        case lexing, parsing, evaluation
    }

    public var kind: Kind
    /// E.g. "Unexpected symbol: '='. Located at position 3 within expression: 1 = 2".
    public var message: String
    /// 1-based offset, in Unicode scalars, of the problem in the expression text (for `ExpressionTemplate`, in
    /// the whole string); nil when the problem is the expression as a whole (too long, too deep).
    public var position: Int?

    public init(kind: Kind, message: String, position: Int?) {
        self.kind = kind
        self.message = message
        self.position = position
    }

    public var description: String { message }
}

/// The syntax problems GitHub reports about a symbol, with its descriptions.
enum SyntaxProblem: String {
    case unexpectedSymbol = "Unexpected symbol"
    case unexpectedEnd = "Unexpected end of expression"
    case unrecognizedNamedValue = "Unrecognized named-value"
    case unrecognizedFunction = "Unrecognized function"
    case tooFewParameters = "Too few parameters supplied"
    case tooManyParameters = "Too many parameters supplied"
    case evenParameters = "Even number of parameters supplied, requires an odd number of parameters"
}

extension ExpressionError {
    /// A problem with one symbol, worded as GitHub words it: what, which symbol, where, in which expression.
    static func syntax(
        _ problem: SyntaxProblem, symbol: String, at position: Int, in expression: String, kind: Kind = .parsing
    ) -> ExpressionError {
        ExpressionError(
            kind: kind,
            message:
                "\(problem.rawValue): '\(symbol)'. Located at position \(position) within expression: \(expression)",
            position: position)
    }

    static let tooDeep = ExpressionError(
        kind: .parsing, message: "Exceeded max expression depth \(ExpressionLimits.maximumDepth)", position: nil)

    static let tooLong = ExpressionError(
        kind: .parsing, message: "Exceeded max expression length \(ExpressionLimits.maximumLength)", position: nil)
}
