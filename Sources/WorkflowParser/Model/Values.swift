/// A problem in a workflow or action file that the model could not accept (wrong type, unknown or missing key).
/// The loader collects all of them, so `lint` shows every one at once instead of stopping at the first.
public struct ModelProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of mistake it is, so lint can file it under the right rule.
    public enum Category: Sendable, Equatable {
        case syntax
        case actionReference
        case workflowReference
    }

    public var location: SourceLocation
    public var message: String
    public var category: Category

    public init(_ message: String, at location: SourceLocation, category: Category = .syntax) {
        self.message = message
        self.location = location
        self.category = category
    }

    public var description: String { "\(location): \(message)" }

    init(_ error: YAMLError) {
        self.init(error.message, at: error.location)
    }
}

/// `key: value` where the value is text (env, with, outputs). Scalars of other types become text the way
/// GitHub converts them: `3.10` becomes "3.1", `true` becomes "true".
public struct KeyValue: Sendable, Equatable {
    public var key: Located<String>
    public var value: Located<String>

    public init(key: Located<String>, value: Located<String>) {
        self.key = key
        self.value = value
    }
}

/// `key: value` where the value keeps its YAML shape (reusable-workflow `with:`, matrix rows).
public struct KeyNode: Sendable {
    public var key: Located<String>
    public var value: YAMLNode

    public init(key: Located<String>, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A typed value, or a `${{ }}` expression that yields it when the job runs.
public enum Expressible<Value: Sendable>: Sendable {
    case value(Located<Value>)
    case expression(Located<String>)

    public var location: SourceLocation {
        switch self {
        case .value(let located): return located.location
        case .expression(let located): return located.location
        }
    }

    /// The literal value, when the file gave one rather than an expression.
    public var literal: Value? {
        if case .value(let located) = self { return located.value }
        return nil
    }
}

extension Expressible: Equatable where Value: Equatable {}

extension StringProtocol {
    /// Whether the text holds a `${{ }}` placeholder and so is evaluated when the job runs.
    public var containsExpression: Bool { containsText("${{") }

    /// Substring search over UTF-8 bytes: exact, and much faster than Foundation's locale-aware `contains`,
    /// which lint would otherwise call for every script it reads.
    public func containsText(_ needle: String) -> Bool {
        let needle = Array(needle.utf8)
        guard let first = needle.first else { return true }
        let haystack = utf8
        var index = haystack.startIndex
        while let start = haystack[index...].firstIndex(of: first) {
            if haystack[start...].starts(with: needle) { return true }
            index = haystack.index(after: start)
        }
        return false
    }
}
