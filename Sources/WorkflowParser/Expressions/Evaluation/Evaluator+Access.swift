/// Property and index access, GitHub's way:
/// - on an object, the key as a string, ignoring case (`x[1]` reads key '1', `x[null]` key '');
/// - on an array, the key as a number, rounded down (`x['1']` and `x[true]` read element 1);
/// - a missing key, an index out of range, or a key of the wrong kind give null, and so does access on
///   anything that is not an array or object;
/// - `*` collects every value or element into a filter array (empty when there is nothing to collect), and an
///   access on a filter array applies to each element and collects what is found: `labels.*.name` lists names.
extension Evaluator {
    func access(
        _ key: ExpressionNode.AccessKey, of baseNode: ExpressionNode, depth: Int
    ) throws(ExpressionError) -> ExpressionValue {
        let base = try evaluate(baseNode, depth: depth)
        let selector: Selector
        switch (base, key) {
        case (_, .wildcard): selector = .wildcard
        case (.null, _), (.bool, _), (.number, _), (.string, _): return .null
        case (_, .property(let name)): selector = Selector(key: .string(name))
        case (_, .index(let keyNode)): selector = Selector(key: try evaluate(keyNode, depth: depth))
        }
        if case .array(let array) = base, array.isFilterResult {
            return .array(ExpressionArray(filterResult: array.elements.flatMap { selector.select(from: $0) }))
        }
        let found = selector.select(from: base)
        return selector.isWildcard ? .array(ExpressionArray(filterResult: found)) : found.first ?? .null
    }
}

/// An evaluated key, ready for either kind of container.
private enum Selector {
    case wildcard
    case key(name: String?, index: Int?)

    init(key: ExpressionValue) {
        let number = key.coercedNumber.rounded(.down)
        self = .key(
            name: key.isPrimitive ? key.coercedString : nil,
            index: number >= 0 && number <= Double(Int32.max) ? Int(number) : nil)
    }

    var isWildcard: Bool {
        if case .wildcard = self { true } else { false }
    }

    /// What this selector finds in `container`: all values for `*`, at most one value for a key.
    func select(from container: ExpressionValue) -> [ExpressionValue] {
        switch (self, container) {
        case (.wildcard, .array(let array)): array.elements
        case (.wildcard, .object(let object)): object.values
        case (.key(_, let index?), .array(let array)) where index < array.count: [array.elements[index]]
        case (.key(let name?, _), .object(let object)): object[name].map { [$0] } ?? []
        default: []
        }
    }
}
