/// `fromJSON(text)`: the value a JSON text describes; the argument is converted to a string first. Invalid JSON
/// is an evaluation error that says what is wrong and where.
enum FromJSON {
    static func evaluate(_ call: FunctionCall) throws(ExpressionError) -> ExpressionValue {
        let text = try call.argument(0).coercedString
        do throws(JSONSyntaxError) {
            return try ExpressionValue(parsingJSON: text, maximumDepth: ExpressionLimits.maximumJSONDepth)
        } catch {
            throw call.failure("fromJSON could not read its argument as JSON: \(error)")
        }
    }
}
