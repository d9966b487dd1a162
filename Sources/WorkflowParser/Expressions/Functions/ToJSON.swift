/// `toJSON(value)`: the value as pretty-printed JSON (see `JSONWriter`), built within the memory budget.
enum ToJSON {
    static func evaluate(_ call: FunctionCall) throws(ExpressionError) -> ExpressionValue {
        var text = call.resultText()
        try JSONWriter.write(try call.argument(0), to: &text)
        return .string(text.text)
    }
}
