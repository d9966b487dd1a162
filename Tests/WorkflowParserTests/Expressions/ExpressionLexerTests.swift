import Testing

@testable import WorkflowParser

@Suite("Expression lexer")
struct ExpressionLexerTests {
    private func kinds(_ text: String) throws -> [Token.Kind] {
        try Lexer.tokens(of: text).map(\.kind)
    }

    private func lexingError(_ text: String) -> ExpressionError? {
        do {
            _ = try Lexer.tokens(of: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsEveryOperatorAndPunctuation() throws {
        #expect(
            try kinds("( ) [ ] , * ! != == < <= > >= && ||") == [
                .leftParenthesis, .rightParenthesis, .leftBracket, .rightBracket, .comma, .star, .not, .notEqual,
                .equal, .less, .lessOrEqual, .greater, .greaterOrEqual, .and, .or,
            ])
    }

    @Test func readsLiteralsAndKeywords() throws {
        #expect(
            try kinds("null true false 'it''s' 12 Infinity github") == [
                .null, .true, .false, .string("it's"), .number(12), .number(.infinity), .identifier,
            ])
        let notANumber = try #require(try kinds("NaN").first)
        guard case .number(let value) = notANumber else {
            Issue.record("NaN read as \(notANumber)")
            return
        }
        #expect(value.isNaN)
    }

    @Test func everyDoubledQuoteBecomesOneQuote() throws {
        #expect(try kinds("'a''b''c'") == [.string("a'b'c")])
        #expect(try kinds("''") == [.string("")])
    }

    @Test(
        arguments: [
            ("1", 1.0), ("-1", -1), ("+1", 1), (".5", 0.5), ("-.5", -0.5), ("1e3", 1000), ("1E-1", 0.1),
            ("0xff", 255), ("0o17", 15), ("1.", 1), ("-Infinity", -.infinity),
        ] as [(String, Double)])
    func readsNumbers(_ text: String, _ value: Double) throws {
        #expect(try kinds(text) == [.number(value)])
    }

    @Test func aDotIsAPropertyAccessOnlyAfterANameBracketParenthesisOrStar() throws {
        #expect(try kinds("a.b") == [.identifier, .dot, .identifier])
        #expect(try kinds("a[0].b") == [.identifier, .leftBracket, .number(0), .rightBracket, .dot, .identifier])
        #expect(try kinds("f().b") == [.identifier, .leftParenthesis, .rightParenthesis, .dot, .identifier])
        #expect(try kinds("a.*.b") == [.identifier, .dot, .star, .dot, .identifier])
        #expect(try kinds("(.5)") == [.leftParenthesis, .number(0.5), .rightParenthesis])
    }

    @Test func keywordsAfterADotAreNames() throws {
        #expect(try kinds("a.true.null.NaN") == [.identifier, .dot, .identifier, .dot, .identifier, .dot, .identifier])
    }

    @Test func identifiersMayHoldDashesAndUnderscores() throws {
        let tokens = try Lexer.tokens(of: "steps.my-step_1.outputs")
        #expect(tokens.map(\.lexeme) == ["steps", ".", "my-step_1", ".", "outputs"])
    }

    @Test func positionsAreOneBasedAndCountUnicodeScalars() throws {
        let tokens = try Lexer.tokens(of: "'é😊' == x")
        #expect(tokens.map(\.position) == [1, 6, 9])
        #expect(tokens[0].lexeme == "'é😊'")
    }

    @Test func anUnclosedStringIsALexingError() throws {
        let error = try #require(lexingError("1 == 'abc"))
        #expect(error.kind == .lexing)
        #expect(error.message == "Unexpected symbol: ''abc'. Located at position 6 within expression: 1 == 'abc")
        #expect(error.position == 6)
    }

    @Test(arguments: [
        ("a = b", "="), ("a =b", "=b"), ("a & b", "&"), ("a |b", "|b"), ("@x", "@x"), ("0x1G", "0x1G"),
        ("-0xFF", "-0xFF"), ("1.2.3", "1.2.3"), ("-", "-"), ("a/b", "a/b"), ("é", "é"),
    ])
    func malformedSymbolsAreLexingErrors(_ text: String, _ symbol: String) throws {
        let error = try #require(lexingError(text))
        #expect(error.kind == .lexing)
        #expect(error.message.hasPrefix("Unexpected symbol: '\(symbol)'. Located at position "))
    }

    @Test func textLongerThanTheLimitIsRejectedBeforeReading() throws {
        let error = try #require(lexingError(String(repeating: "1", count: ExpressionLimits.maximumLength + 1)))
        #expect(error.message == "Exceeded max expression length 21000")
        #expect(error.kind == .parsing)
        #expect(error.position == nil)
        #expect(try Lexer.tokens(of: String(repeating: "1", count: ExpressionLimits.maximumLength)).count == 1)
    }

    @Test func blankTextHasNoTokens() throws {
        #expect(try kinds(" \t\n ").isEmpty)
    }
}
