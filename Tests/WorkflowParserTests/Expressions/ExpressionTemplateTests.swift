import Testing

@testable import WorkflowParser

@Suite("Expression templates")
struct ExpressionTemplateTests {
    private let context = EvaluationContext(contexts: ["matrix": ["count": 3, "os": "linux"]])

    private func template(_ text: String) throws(ExpressionError) -> ExpressionTemplate {
        try ExpressionTemplate.parse(text, allowedContexts: ["matrix"])
    }

    private func templateError(_ text: String) -> ExpressionError? {
        do {
            _ = try template(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func aWholeStringExpressionKeepsItsType() throws {
        let parsed = try template("${{ matrix.count }}")
        #expect(parsed.isSingleExpression)
        #expect(try parsed.evaluate(in: context) == 3)
        #expect(try template("${{ fromJSON('[1]') }}").evaluate(in: context) == [1])
    }

    @Test func textAroundExpressionsMakesAString() throws {
        let parsed = try template(" ${{ matrix.count }}")
        #expect(!parsed.isSingleExpression)
        #expect(try parsed.evaluate(in: context) == " 3")
        let mixed = "${{ null }}|${{ true }}|${{ 1.50 }}|${{ fromJSON('[]') }}|${{ fromJSON('{}') }}|${{ matrix.os }}"
        #expect(try template(mixed).evaluate(in: context) == "|true|1.5|Array|Object|linux")
        #expect(try template("plain").evaluate(in: context) == "plain")
        #expect(try template("").evaluate(in: context) == "")
    }

    @Test func partsKeepTheirOffsets() throws {
        let parts = try template("ab ${{  matrix.os }}!").parts
        guard parts.count == 3, case .text(let first, let firstOffset) = parts[0],
            case .expression(let expression, let expressionOffset) = parts[1],
            case .text(let last, let lastOffset) = parts[2]
        else {
            Issue.record("unexpected parts: \(parts)")
            return
        }
        #expect((first, firstOffset) == ("ab ", 1))
        #expect((expression.text, expressionOffset) == ("matrix.os", 9))
        #expect((last, lastOffset) == ("!", 21))
    }

    @Test func closingBracesInsideStringsDoNotEndTheExpression() throws {
        #expect(try template("${{ format('{{0}}}}', 1) }}").evaluate(in: context) == "{0}}")
        #expect(try template("${{ 'it''s }}' }}").evaluate(in: context) == "it's }}")
    }

    @Test func anUnclosedExpressionIsAnError() throws {
        let error = try #require(templateError("run: ${{ matrix.os"))
        #expect(error.kind == .parsing)
        #expect(error.position == 6)
        #expect(error.message.contains("'${{' has no matching '}}'"))
        #expect(templateError("${{ '}}")?.position == 1)
    }

    @Test func anEmptyExpressionIsAnError() throws {
        let error = try #require(templateError("x ${{   }}"))
        #expect(error.position == 3)
        #expect(error.message.contains("is empty"))
    }

    @Test func errorsInsideAnExpressionPointIntoTheString() throws {
        let error = try #require(templateError("echo ${{ matrix.os == }}"))
        #expect(
            error.message
                == "Unexpected end of expression: '=='. Located at position 11 within expression: matrix.os ==")
        #expect(error.position == 20)
        #expect(templateError("${{ 1 }} ${{ x }}")?.message.hasPrefix("Unrecognized named-value: 'x'") == true)
        #expect(templateError("${{ 1 }} ${{ x }}")?.position == 14)
    }

    @Test func theJoinedTextStaysWithinTheMemoryLimit() throws {
        let limited = EvaluationContext(
            contexts: ["matrix": ["os": .string(String(repeating: "x", count: 400))]], memoryLimit: 1_000)
        let parsed = try template("${{ matrix.os }}${{ matrix.os }}")
        #expect(throws: ExpressionError.self) { try parsed.evaluate(in: limited) }
        #expect(try template("${{ matrix.os }}").evaluate(in: limited).coercedString.count == 400)
    }
}
