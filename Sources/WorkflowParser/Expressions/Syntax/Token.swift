/// A symbol of the expression language, as the lexer reads it.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case leftParenthesis, rightParenthesis, leftBracket, rightBracket, comma, dot, star
        case not, equal, notEqual, less, lessOrEqual, greater, greaterOrEqual, and, or
        case null, `true`, `false`
        case number(Double)
        case string(String)
        /// A context name, a function name, or a property name after `.`.
        case identifier
    }

    let kind: Kind
    /// The symbol as written (strings with their quotes); error messages quote it.
    let lexeme: String
    /// 1-based offset in Unicode scalars.
    let position: Int
}
