/// `join(items, separator)`: an array's elements as strings, separated by `separator` (',' when absent or when
/// not a primitive). A primitive alone becomes its string; an object becomes ''.
enum Join {
    static func evaluate(_ call: FunctionCall) throws(ExpressionError) -> ExpressionValue {
        let items = try call.argument(0)
        switch items {
        case .array(let array):
            // GitHub evaluates the separator only when there is something to separate.
            let separator = array.count > 1 ? try separator(of: call) : ""
            var text = call.resultText()
            for (index, element) in array.elements.enumerated() {
                if index > 0 { try text.write(separator) }
                try text.write(element.coercedString)
            }
            return .string(text.text)
        case .object:
            return ""
        case .null, .bool, .number, .string:
            return .string(items.coercedString)
        }
    }

    private static func separator(of call: FunctionCall) throws(ExpressionError) -> String {
        guard call.argumentCount > 1 else { return "," }
        let separator = try call.argument(1)
        return separator.isPrimitive ? separator.coercedString : ","
    }
}
