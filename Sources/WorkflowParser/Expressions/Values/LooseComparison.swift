/// The language's `==`, `<` and `>`: JavaScript's loose comparison with GitHub's changes.
///
/// Values of different kinds are first brought to one kind: a number meets a string → the string becomes a
/// number; a boolean or null meets anything else → it becomes a number (and the pair is looked at again). Then:
/// numbers compare as numbers (anything with NaN is false), strings ignoring case (`CaseInsensitive`), booleans
/// with false < true, two nulls are equal, and arrays or objects are equal only to themselves (identity) and
/// never ordered. Pairs that still differ in kind are neither equal nor ordered.
enum LooseComparison {
    static func equal(_ left: ExpressionValue, _ right: ExpressionValue) -> Bool {
        switch CoercedPair(left, right) {
        case .numbers(let left, let right): left == right
        case .strings(let left, let right): CaseInsensitive.equal(left, right)
        case .booleans(let left, let right): left == right
        case .nulls: true
        case .containers(let left, let right): left === right
        case .unrelated: false
        }
    }

    static func less(_ left: ExpressionValue, _ right: ExpressionValue) -> Bool {
        switch CoercedPair(left, right) {
        case .numbers(let left, let right): left < right
        case .strings(let left, let right): CaseInsensitive.less(left, right)
        case .booleans(let left, let right): !left && right
        case .nulls, .containers, .unrelated: false
        }
    }

    static func greater(_ left: ExpressionValue, _ right: ExpressionValue) -> Bool {
        less(right, left)
    }

    /// Two values after the kinds have been brought together.
    private enum CoercedPair {
        case numbers(Double, Double)
        case strings(String, String)
        case booleans(Bool, Bool)
        case nulls
        case containers(AnyObject, AnyObject)
        case unrelated

        init(_ left: ExpressionValue, _ right: ExpressionValue) {
            switch (left, right) {
            case (.number(let left), .number(let right)): self = .numbers(left, right)
            case (.string(let left), .string(let right)): self = .strings(left, right)
            case (.bool(let left), .bool(let right)): self = .booleans(left, right)
            case (.null, .null): self = .nulls
            case (.array(let left), .array(let right)): self = .containers(left, right)
            case (.object(let left), .object(let right)): self = .containers(left, right)
            case (.number, .string), (.string, .number):
                self = .numbers(left.coercedNumber, right.coercedNumber)
            case (.bool, _), (.null, _):
                self = CoercedPair(.number(left.coercedNumber), right)
            case (_, .bool), (_, .null):
                self = CoercedPair(left, .number(right.coercedNumber))
            default:
                self = .unrelated
            }
        }
    }
}
