import Testing

@testable import WorkflowParser

@Suite("Expression functions")
struct ExpressionFunctionTests {
    private let contexts: [String: ExpressionValue] = [
        "list": ["Build", 2, nil], "object": ["b": 1, "a": ["x", true]], "text": "Hello, World",
    ]

    private func value(_ text: String) throws -> ExpressionValue {
        try evaluateExpression(text, contexts)
    }

    @Test func containsSearchesStringsAndArrays() throws {
        #expect(try value("contains(text, 'WORLD')") == true)
        #expect(try value("contains(text, 'planet')") == false)
        #expect(try value("contains(12345, 234)") == true)
        #expect(try value("contains(list, 'build')") == true)
        #expect(try value("contains(list, '2')") == true)
        #expect(try value("contains(list, 3)") == false)
        #expect(try value("contains(object, 'b')") == false)
        #expect(try value("contains(text, list)") == false)
    }

    @Test func startsWithAndEndsWithCompareStringsIgnoringCase() throws {
        #expect(try value("startsWith(text, 'hello')") == true)
        #expect(try value("endsWith(text, 'WORLD')") == true)
        #expect(try value("startsWith(text, 'World')") == false)
        #expect(try value("endsWith(12.5, 5)") == true)
        #expect(try value("startsWith(list, 'Build')") == false)
        #expect(try value("endsWith('Array', list)") == false)
    }

    @Test func formatReplacesPlaceholdersAndBraceEscapes() throws {
        #expect(try value("format('{0}-{1}-{0}', 'a', 1.50)") == "a-1.5-a")
        #expect(try value("format('{{{0}}} }}{{', list)") == "{Array} }{")
        #expect(try value("format('{1}', 'unused', null)") == "")
        #expect(try value("format('no placeholders')") == "no placeholders")
    }

    @Test(arguments: [
        ("format('{0', 1)", "The following format string is invalid: {0"),
        ("format('{x}', 1)", "The following format string is invalid: {x}"),
        ("format('{}', 1)", "The following format string is invalid: {}"),
        ("format('a}b', 1)", "The following format string is invalid: a}b"),
        ("format('{256}', 1)", "The following format string is invalid: {256}"),
        ("format('{1}', 1)", "The following format string references more arguments than were supplied: {1}"),
        ("format('{0:D2}', 1)", "The format specifiers 'D2' are not valid for objects of type 'Number'"),
    ])
    func formatRejectsBadPatterns(_ text: String, _ message: String) throws {
        let error = try #require(expressionFailure(text))
        #expect(error.kind == .evaluation)
        #expect(error.message == message)
        #expect(error.position == 1)
    }

    @Test func formatChecksThePatternBeforeEvaluatingValues() throws {
        let error = try #require(expressionFailure("format('{0}{', fromJSON('not json'))"))
        #expect(error.message == "The following format string is invalid: {0}{")
    }

    @Test func joinUsesCommaByDefaultAndConvertsElements() throws {
        #expect(try value("join(list)") == "Build,2,")
        #expect(try value("join(list, ' | ')") == "Build | 2 | ")
        #expect(try value("join(list, object)") == "Build,2,")
        #expect(try value("join(object.*)") == "1,Array")
        #expect(try value("join(text, '-')") == "Hello, World")
        #expect(try value("join(object)") == "")
    }

    @Test func toJSONPrettyPrintsInStoredOrder() throws {
        #expect(try value("toJSON(object)") == "{\n  \"b\": 1,\n  \"a\": [\n    \"x\",\n    true\n  ]\n}")
        #expect(try value("toJSON(fromJSON('[]'))") == "[]")
        #expect(try value("toJSON('x')") == "\"x\"")
        let escaped = ExpressionValue.string("q\"b\\n\nt\t\u{1}\u{2028}é")
        #expect(escaped.jsonText == #""q\"b\\n\nt\t\u0001\u2028é""#)
    }

    @Test func fromJSONReadsValuesAndExplainsBadJSON() throws {
        #expect(
            try value("fromJSON('{\"b\": [1, 2.5e1, null], \"a\": \"\\u00e9\"}')") == ["b": [1, 25, nil], "a": "é"])
        #expect(try value("fromJSON(' true ')") == true)
        #expect(try value("fromJSON(toJSON(object))") == contexts["object"])
        let error = try #require(expressionFailure("fromJSON('{\"a\" 1}')"))
        #expect(error.kind == .evaluation)
        #expect(
            error.message
                == "fromJSON could not read its argument as JSON: ':' was expected after an object key (line 1, column 6)"
        )
        #expect(expressionFailure("fromJSON('')")?.message.contains("the text is empty") == true)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(expressionFailure("fromJSON('\(deep)')")?.message.contains("deeper than 64") == true)
    }

    @Test func casePicksTheFirstTruePredicateAndEvaluatesOnlyWhatItNeeds() throws {
        #expect(try value("case(false, 1, true, 2, 3)") == 2)
        #expect(try value("case(false, 1, false, 2, 'default')") == "default")
        #expect(try value("case(true, 'first', fromJSON('not json'))") == "first")
        let error = try #require(expressionFailure("case('yes', 1, 2)"))
        #expect(error.message == "case predicate must evaluate to a boolean value")
        #expect(error.kind == .evaluation)
    }

    @Test(arguments: [
        (ExecutionStatus.success, [true, true, false, false]),
        (.failure, [false, true, true, false]),
        (.cancelled, [false, true, false, true]),
    ])
    func statusFunctionsAskTheProvider(_ status: ExecutionStatus, _ expected: [Bool]) throws {
        let results = try ["success()", "always()", "failure()", "cancelled()"].map {
            try evaluateExpression($0, status: status)
        }
        #expect(results == expected.map(ExpressionValue.bool))
    }

    @Test func statusFunctionsFailWithoutAStatus() throws {
        let error = try #require(expressionFailure("always()"))
        #expect(error.kind == .evaluation)
        #expect(error.message.hasPrefix("always() is not available here"))
    }
}
