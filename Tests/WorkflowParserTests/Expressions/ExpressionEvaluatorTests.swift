import Testing

@testable import WorkflowParser

@Suite("Expression evaluation")
struct ExpressionEvaluatorTests {
    @Test(arguments: [
        ("null", false), ("false", false), ("0", false), ("-0", false), ("NaN", false), ("''", false),
        ("true", true), ("-1", true), ("'0'", true), ("' '", true), ("fromJSON('[]')", true), ("fromJSON('{}')", true),
    ])
    func truthiness(_ text: String, _ truthy: Bool) throws {
        #expect(try evaluateExpression(text).isTruthy == truthy)
        #expect(try evaluateExpression("!\(text)") == .bool(!truthy))
    }

    @Test func andOrProduceTheDecidingOperand() throws {
        #expect(try evaluateExpression("'' || 'fallback'") == "fallback")
        #expect(try evaluateExpression("'a' && 0 && 'b'") == 0)
        #expect(try evaluateExpression("'a' && 'b'") == "b")
        #expect(try evaluateExpression("null || 0") == 0)
    }

    @Test func andOrStopAtTheDecidingOperand() throws {
        #expect(try evaluateExpression("false && fromJSON('not json')") == false)
        #expect(try evaluateExpression("true || fromJSON('not json')") == true)
        #expect(expressionFailure("true && fromJSON('not json')")?.kind == .evaluation)
    }

    @Test(arguments: [
        ("'abc' == 'ABC'", true), ("'10' == 10", true), ("' 0x10 ' == 16", true), ("'' == 0", true),
        ("null == false", true), ("true == '1'", true), ("'a' < 'B'", true), ("'b' > 'A'", true),
        ("NaN == NaN", false), ("NaN != NaN", true), ("1 < NaN", false), ("1 >= NaN", false),
        ("'abc' == 0", false), ("null == ''", true), ("2 > true", true), ("'ß' == 'SS'", false),
        ("'ı' == 'I'", false), ("'ς' == 'Σ'", true), ("'[' > 'a'", true),
    ])
    func comparisonsCoerceAsGitHubDoes(_ text: String, _ result: Bool) throws {
        #expect(try evaluateExpression(text) == .bool(result))
    }

    @Test func arraysAndObjectsAreEqualOnlyToThemselves() throws {
        let contexts: [String: ExpressionValue] = ["a": [1], "b": [1], "o": ["k": 1]]
        #expect(try evaluateExpression("a == a", contexts) == true)
        #expect(try evaluateExpression("a == b", contexts) == false)
        #expect(try evaluateExpression("o != o", contexts) == false)
        #expect(try evaluateExpression("a >= a", contexts) == true)
        #expect(try evaluateExpression("a > a", contexts) == false)
        #expect(try evaluateExpression("o == 'Object'", contexts) == false)
    }

    @Test func contextsAreFoundIgnoringCaseAndMissingOnesAreNull() throws {
        let context = EvaluationContext(contexts: ["GitHub": ["Event_Name": "push"]])
        let expression = try WorkflowExpression.parse("github.event_name", allowedContexts: ["github"])
        #expect(try expression.evaluate(in: context) == "push")
        #expect(try WorkflowExpression.parse("env", allowedContexts: ["env"]).evaluate(in: context) == nil)
    }

    @Test func indexingCoercesKeysByContainer() throws {
        let contexts: [String: ExpressionValue] = [
            "list": ["zero", "one", "two"], "map": ["1": "one", "": "empty", "Key": "v"],
        ]
        let cases: [(String, ExpressionValue)] = [
            ("list[1]", "one"), ("list[1.9]", "one"), ("list['2']", "two"), ("list[true]", "one"),
            ("list[null]", "zero"),
            ("list[-1]", nil), ("list[3]", nil), ("list['x']", nil), ("list.length", nil),
            ("map[1]", "one"), ("map[null]", "empty"), ("map.KEY", "v"), ("map['kEy']", "v"), ("map.missing", nil),
            ("map[list]", nil), ("list[0][0]", nil), ("list[0].x", nil),
        ]
        for (text, expected) in cases {
            #expect(try evaluateExpression(text, contexts) == expected, "\(text)")
        }
    }

    @Test func accessOnAnythingElseIsNullAndWildcardsOnItAreEmpty() throws {
        #expect(try evaluateExpression("x.y", ["x": "text"]) == nil)
        #expect(try evaluateExpression("x[0]", ["x": nil]) == nil)
        #expect(try evaluateExpression("x.*", ["x": 3]) == [])
    }

    @Test func wildcardsCollectAndAccessesOnTheirResultApplyToEachElement() throws {
        let contexts: [String: ExpressionValue] = [
            "labels": [["name": "bug"], ["title": "no name"], ["name": "docs"], "text", [["name": "nested"]]],
            "jobs": ["build": ["result": "success"], "test": ["result": "failure"]],
        ]
        #expect(try evaluateExpression("labels.*.name", contexts) == ["bug", "docs"])
        #expect(try evaluateExpression("jobs.*.result", contexts) == ["success", "failure"])
        #expect(try evaluateExpression("labels[*][0].name", contexts) == ["nested"])
        #expect(try evaluateExpression("(labels.*)[0]", contexts) == [["name": "nested"]])
        #expect(try evaluateExpression("labels.*.*", contexts) == ["bug", "no name", "docs", ["name": "nested"]])
        #expect(try evaluateExpression("contains(jobs.*.result, 'FAILURE')", contexts) == true)
    }

    @Test func anEmptyExpressionIsNull() throws {
        #expect(try evaluateExpression("") == nil)
    }

    @Test func memoryIsLimitedAcrossTheEvaluation() throws {
        let big = String(repeating: "x", count: 1_000)
        let contexts: [String: ExpressionValue] = ["big": .string(big)]
        // Two copies fit in 10,000 bytes (each about 2,026), ten do not.
        #expect(try evaluateExpression("format('{0}{0}', big)", contexts, memoryLimit: 10_000) == .string(big + big))
        let error = try #require(expressionFailure("format('{0}{0}{0}{0}{0}', big)", contexts, memoryLimit: 10_000))
        #expect(error.kind == .evaluation)
        #expect(error.message.hasPrefix("The maximum allowed memory size was exceeded"))
        #expect(error.position == 1)
        // Results that no longer hold their inputs release them: many small steps stay within the limit.
        #expect(throws: Never.self) {
            try evaluateExpression(
                Array(repeating: "format('{0}', big) != ''", count: 20).joined(separator: " && "), contexts,
                memoryLimit: 10_000)
        }
        #expect(
            expressionFailure(
                "toJSON(fromJSON(format('[{0}]', join(fromJSON('[1,2,3]'), ', '))))", [:], memoryLimit: 100) != nil)
    }
}
