/// The static type of an expression, for lint: a small lattice in which `any` fits everything.
indirect enum ExpressionType: Sendable, Equatable, CustomStringConvertible {
    case any, null, bool, number, string
    case array(ExpressionType)
    /// An object with known properties (keys lowercased: property access ignores case). `others` is the type of
    /// any other property, or nil when the object has no others (reading one is a mistake).
    case object([String: ExpressionType], others: ExpressionType?)

    /// An object whose every property has type `element` (env, secrets, outputs).
    static func map(_ element: ExpressionType) -> ExpressionType { .object([:], others: element) }

    /// An object with exactly these properties.
    static func strict(_ properties: [String: ExpressionType]) -> ExpressionType {
        .object(Dictionary(properties.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first }),
                others: nil)
    }

    var description: String {
        switch self {
        case .any: return "any"
        case .null: return "null"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .array(let element): return "array<\(element)>"
        case .object(let properties, let others):
            // Large objects (github) are cut short: the message is for a person, not a schema dump.
            let names = properties.keys.sorted()
            var fields = names.prefix(8).map { "\($0): \(properties[$0]!)" }
            if names.count > 8 { fields.append("... \(names.count - 8) more") }
            let rest = others.map { ["string => \($0)"] } ?? []
            return "{" + (fields + rest).joined(separator: "; ") + "}"
        }
    }

    /// The type of reading `name` from a value of this type; nil when the property cannot exist.
    func property(_ name: String) -> ExpressionType?? {
        switch self {
        case .object(let properties, let others):
            if let type = properties[name.lowercased()] { return .some(type) }
            return others.map { .some($0) } ?? .some(nil)
        case .any: return .some(.any)
        default: return nil  // not an object at all
        }
    }

    /// The type of a literal YAML value, as a matrix or an input default gives it.
    init(literal node: YAMLNode) {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.value {
            case .null: self = .null
            case .bool: self = .bool
            case .int, .float: self = .number
            case .string(let text): self = text.containsExpression ? .any : .string
            }
        case .sequence(let items):
            let types = items.map(ExpressionType.init(literal:))
            self = .array(types.first.map { first in types.allSatisfy { $0 == first } ? first : .any } ?? .any)
        case .mapping(let pairs):
            self = .strict(Dictionary(pairs.map { ($0.name, ExpressionType(literal: $0.value)) },
                                      uniquingKeysWith: { first, _ in first }))
        }
    }

    /// The common type of two branches: equal types stay, two arrays stay an array, anything else is `any`.
    func merged(with other: ExpressionType) -> ExpressionType {
        if self == other { return self }
        if case .array(let mine) = self, case .array(let theirs) = other { return .array(mine.merged(with: theirs)) }
        return .any
    }

    /// Whether a value of this type could be an object or array, the types that print as "Object"/"Array".
    var isComposite: Bool {
        switch self {
        case .object, .array: return true
        default: return false
        }
    }
}

/// The type of each context at one place in a workflow (names lowercased).
struct TypeScope: Sendable {
    var contexts: [String: ExpressionType]
}
