/// `contains(search, item)`: in an array, whether some element equals `item` loosely (as `==` does); in a string
/// or other primitive, whether `item` as a string occurs in it, ignoring case. An object contains nothing.
enum Contains {
    static func evaluate(_ call: FunctionCall) throws(ExpressionError) -> ExpressionValue {
        let search = try call.argument(0)
        let item = try call.argument(1)
        switch search {
        case .array(let array):
            return .bool(array.elements.contains { LooseComparison.equal($0, item) })
        case .object:
            return false
        case .null, .bool, .number, .string:
            return .bool(item.isPrimitive && CaseInsensitive.contains(search.coercedString, item.coercedString))
        }
    }
}
