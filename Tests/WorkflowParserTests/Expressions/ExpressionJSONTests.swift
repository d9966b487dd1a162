import Testing

@testable import WorkflowParser

@Suite("Expression JSON")
struct ExpressionJSONTests {
    private func read(_ text: String, depth: Int = 512) throws(JSONSyntaxError) -> ExpressionValue {
        try ExpressionValue(parsingJSON: text, maximumDepth: depth)
    }

    private func syntaxError(_ text: String, depth: Int = 512) -> JSONSyntaxError? {
        do {
            _ = try read(text, depth: depth)
            return nil
        } catch {
            return error
        }
    }

    @Test func keepsKeyOrderAndMergesKeysEqualIgnoringCase() throws {
        guard case .object(let object) = try read(#"{"z": 1, "a": 2, "Z": 3}"#) else {
            Issue.record("not an object")
            return
        }
        #expect(object.entries.map(\.key) == ["z", "a"])
        #expect(object["z"] == 3)
    }

    @Test func readsEveryKindOfValue() throws {
        #expect(try read(#" [null, true, false, -0, 1.5e3, "", {}] "#) == [nil, true, false, 0, 1500, "", [:]])
        #expect(try read(#""\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x""#) == "\"\\/\u{8}\u{C}\n\r\té😀\u{FFFD}x")
    }

    @Test(arguments: [
        ("", "the text is empty, a JSON value was expected", 1, 1),
        ("[1,]", "unexpected character ']', a value was expected", 1, 4),
        ("{\n  \"a\": tru\n}", "unexpected character 't', a value was expected", 2, 8),
        ("01", "unexpected text after the JSON value", 1, 2),
        ("\"a\u{1}\"", "a control character must be escaped inside a string", 1, 3),
        ("\"é\\x\"", "unknown escape '\\x'", 1, 3),
        ("[1 2]", "unexpected character '2', ',' or ']' was expected", 1, 4),
        ("-", "a digit was expected", 1, 2),
        ("1.", "a digit after '.' was expected", 1, 3),
        ("\"\\u12\"", "'\\u' must be followed by four hex digits", 1, 4),
        ("{\"a\":1", "unexpected end of text, ',' or '}' was expected", 1, 7),
        ("NaN", "unexpected character 'N', a value was expected", 1, 1),
    ])
    func reportsWhatIsWrongAndWhere(_ text: String, _ reason: String, _ line: Int, _ column: Int) throws {
        #expect(syntaxError(text) == JSONSyntaxError(reason: reason, line: line, column: column))
    }

    @Test func limitsNesting() throws {
        #expect(try read("[[[]]]", depth: 3) == [[[]]])
        #expect(syntaxError("[[[[]]]]", depth: 3)?.reason == "arrays and objects nest deeper than 3 levels")
    }

    @Test func writesWhatItReads() throws {
        let text = "{\n  \"b\": [\n    1,\n    \"x\\ty\",\n    {}\n  ],\n  \"a\": null\n}"
        #expect(try read(text).jsonText == text)
    }
}
