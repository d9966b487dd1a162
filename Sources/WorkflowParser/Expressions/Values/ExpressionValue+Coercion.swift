/// The language's conversions between kinds of value, as GitHub defines them (close to JavaScript's).
extension ExpressionValue {
    /// Falsy: null, false, 0, -0, NaN and ''. Everything else, including every array and object, is truthy.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .number(let value): !(value == 0 || value.isNaN)
        case .string(let value): !value.isEmpty
        case .array, .object: true
        }
    }

    /// The string a value becomes in `format`, `join`, text around `${{ }}`, and object keys used as indexes:
    /// null is '', booleans 'true'/'false', numbers as GitHub prints them, arrays 'Array' and objects 'Object'.
    public var coercedString: String {
        switch self {
        case .null: ""
        case .bool(let value): value ? "true" : "false"
        case .number(let value): NumberText.format(value)
        case .string(let value): value
        case .array, .object: kindName
        }
    }

    /// The number a value becomes for comparisons and array indexes: null 0, booleans 0/1, strings parsed
    /// (trimmed, '' is 0, invalid is NaN), arrays and objects NaN.
    public var coercedNumber: Double {
        switch self {
        case .null: 0
        case .bool(let value): value ? 1 : 0
        case .number(let value): value
        case .string(let value): NumberText.parse(value)
        case .array, .object: .nan
        }
    }
}
