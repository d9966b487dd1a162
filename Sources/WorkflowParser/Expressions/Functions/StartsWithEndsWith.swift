/// `startsWith(text, prefix)` and `endsWith(text, suffix)`: both arguments must be primitives; they are compared as
/// strings, ignoring case. Otherwise the answer is false.
enum AffixTest {
    static func evaluate(
        _ call: FunctionCall, test: (_ text: String, _ affix: String) -> Bool
    ) throws(ExpressionError) -> ExpressionValue {
        let text = try call.argument(0)
        let affix = try call.argument(1)
        guard text.isPrimitive, affix.isPrimitive else { return false }
        return .bool(test(text.coercedString, affix.coercedString))
    }
}
