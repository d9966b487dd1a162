/// A value in the `${{ }}` expression language: what contexts hold, what literals and functions produce.
///
/// Arrays and objects are classes (`ExpressionArray`, `ExpressionObject`) because the language compares them by
/// identity: `a == a` is true, while two separately built `[]` are not equal. Swift's `==` on `ExpressionValue`
/// is something else: a deep structural comparison for tests and callers; the language's loose `==` lives in
/// `LooseComparison`.
public enum ExpressionValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array(ExpressionArray)
    case object(ExpressionObject)

    /// GitHub's name for the kind of value ("Null", "Boolean", "Number", "String", "Array", "Object"); it is also
    /// what an array or object turns into when converted to a string.
    public var kindName: String {
        switch self {
        case .null: "Null"
        case .bool: "Boolean"
        case .number: "Number"
        case .string: "String"
        case .array: "Array"
        case .object: "Object"
        }
    }

    /// Null, booleans, numbers and strings; the language converts only these to strings and numbers meaningfully.
    public var isPrimitive: Bool {
        switch self {
        case .null, .bool, .number, .string: true
        case .array, .object: false
        }
    }
}

extension ExpressionValue: Equatable {
    /// Deep structural equality (object keys compared exactly, in any order); not the language's loose `==`.
    public static func == (lhs: ExpressionValue, rhs: ExpressionValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let left), .bool(let right)): left == right
        case (.number(let left), .number(let right)): left == right || (left.isNaN && right.isNaN)
        case (.string(let left), .string(let right)): left == right
        case (.array(let left), .array(let right)): left.elements == right.elements
        case (.object(let left), .object(let right)):
            Set(left.entries.map(\.key)) == Set(right.entries.map(\.key))
                && left.entries.allSatisfy { right[$0.key] == $0.value }
        default: false
        }
    }
}

extension ExpressionValue: CustomStringConvertible {
    /// The value as `toJSON` prints it.
    public var description: String { jsonText }
}

extension ExpressionValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: ExpressionValue...) { self = .array(ExpressionArray(elements)) }
    public init(dictionaryLiteral entries: (String, ExpressionValue)...) {
        self = .object(ExpressionObject(entries.map { (key: $0.0, value: $0.1) }))
    }
}
