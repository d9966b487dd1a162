/// One finding of `lint`: where, which rule, how bad, and a message that says what is wrong and what to do.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case error, warning, note

        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var location: SourceLocation
    public var rule: RuleID
    public var severity: Severity
    public var message: String

    public init(_ message: String, at location: SourceLocation, rule: RuleID, severity: Severity = .error) {
        self.message = message
        self.location = location
        self.rule = rule
        self.severity = severity
    }

    /// `file:line:col: message [rule]`, the one-line form.
    public var description: String { "\(location): \(message) [\(rule.rawValue)]" }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.location, lhs.rule, lhs.message) < (rhs.location, rhs.rule, rhs.message)
    }
}

/// Where rules put their findings; the rule's id is attached for them.
public struct DiagnosticSink: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    let rule: RuleID

    init(rule: RuleID) {
        self.rule = rule
    }

    public mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(message, at: location, rule: rule, severity: .error))
    }

    public mutating func warning(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(message, at: location, rule: rule, severity: .warning))
    }

    public mutating func note(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(message, at: location, rule: rule, severity: .note))
    }
}
