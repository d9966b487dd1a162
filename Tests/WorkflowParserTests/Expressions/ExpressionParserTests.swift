import Testing

@testable import WorkflowParser

@Suite("Expression parser")
struct ExpressionParserTests {
    private func tree(_ text: String, contexts: Set<String>? = nil) throws -> String {
        let root = try #require(try WorkflowExpression.parse(text, allowedContexts: contexts).root)
        return sExpression(root)
    }

    private func parseError(
        _ text: String, contexts: Set<String>? = nil, functions: Set<BuiltinFunction>? = nil
    ) -> ExpressionError? {
        do {
            _ = try WorkflowExpression.parse(text, allowedContexts: contexts, allowedFunctions: functions)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("a || b && c", "(|| a (&& b c))"),
        ("a && b || c", "(|| (&& a b) c)"),
        ("a == b && c != d", "(&& (== a b) (!= c d))"),
        ("a < b == c >= d", "(== (< a b) (>= c d))"),
        ("!a == b", "(== (! a) b)"),
        ("!a.b[0]", "(! ([] (. a b) 0))"),
        ("a == b == c", "(== (== a b) c)"),
        ("a < b <= c", "(<= (< a b) c)"),
        ("(a || b) && c", "(&& (|| a b) c)"),
        ("a.*.b[*]", "(* (. (* a) b))"),
        ("FORMAT(1)", "(format 1)"),
    ])
    func bindsOperatorsByPrecedenceLeftToRight(_ text: String, _ expected: String) throws {
        #expect(try tree(text) == expected)
    }

    @Test func chainsOfOneLogicalOperatorAreOneNode() throws {
        #expect(try tree("a && b && c") == "(&& a b c)")
        #expect(try tree("(a && b) && (c && d)") == "(&& a b c d)")
        #expect(try tree("a || (b || c) || d") == "(|| a b c d)")
    }

    @Test func functionNamesIgnoreCaseAndAccessesFollowCallsAndGroups() throws {
        #expect(try tree("toJson(fromjson('[1]'))[0]") == #"([] (toJSON (fromJSON "[1]")) 0)"#)
        #expect(try tree("(a).b") == "(. a b)")
    }

    @Test func nodesKeepThePositionOfTheirSymbol() throws {
        let root = try #require(try WorkflowExpression.parse("a.b == format(1)", allowedContexts: nil).root)
        #expect(root.position == 5)
        guard case .comparison(_, let left, let right) = root.kind else {
            Issue.record("not a comparison: \(sExpression(root))")
            return
        }
        #expect(left.position == 2)
        #expect(right.position == 8)
        #expect(root.kind.children.count == 2)
    }

    @Test func blankTextHasNoTree() throws {
        #expect(try WorkflowExpression.parse("  ", allowedContexts: []).root == nil)
    }

    @Test func contextNamesAreCheckedIgnoringCase() throws {
        #expect(try tree("GitHub.sha", contexts: ["github"]) == "(. GitHub sha)")
        let error = try #require(parseError("env.X", contexts: ["github"]))
        #expect(error.message == "Unrecognized named-value: 'env'. Located at position 1 within expression: env.X")
        #expect(error.kind == .parsing)
        #expect(try tree("anything", contexts: nil) == "anything")
    }

    @Test func unknownAndDisallowedFunctionsAreRejected() throws {
        let unknown = try #require(parseError("1 && nope()"))
        #expect(
            unknown.message == "Unrecognized function: 'nope'. Located at position 6 within expression: 1 && nope()")
        let disallowed = try #require(parseError("success()", functions: BuiltinFunction.general))
        #expect(disallowed.message.hasPrefix("Unrecognized function: 'success'"))
        #expect(
            parseError(
                "success() && hashFiles('x')",
                functions: BuiltinFunction.general.union(BuiltinFunction.statusFunctions).union([.hashFiles])) == nil)
    }

    @Test(arguments: [
        ("join()", "Too few parameters supplied: 'join'. Located at position 1 within expression: join()"),
        (
            "contains(1, 2, 3)",
            "Too many parameters supplied: 'contains'. Located at position 1 within expression: contains(1, 2, 3)"
        ),
        ("success(1)", "Too many parameters supplied: 'success'"),
        ("case(true, 1, false, 2)", "Even number of parameters supplied, requires an odd number of parameters: 'case'"),
        ("case(true, 1)", "Too few parameters supplied: 'case'"),
    ])
    func argumentCountsAreChecked(_ text: String, _ message: String) throws {
        let error = try #require(parseError(text))
        #expect(error.message.hasPrefix(message))
        #expect(error.kind == .parsing)
    }

    @Test(arguments: [
        ("1 <", "Unexpected end of expression: '<'. Located at position 3"),
        ("a.", "Unexpected end of expression: '.'. Located at position 2"),
        ("a[1", "Unexpected end of expression: '1'. Located at position 3"),
        ("(1", "Unexpected end of expression: '1'. Located at position 2"),
        ("format(", "Unexpected end of expression: '('. Located at position 7"),
        ("format('a',)", "Unexpected symbol: ')'. Located at position 12"),
        ("a.'b'", "Unexpected symbol: ''b''. Located at position 3"),
        ("'a'[0]", "Unexpected symbol: '['. Located at position 4"),
        ("a b", "Unexpected symbol: 'b'. Located at position 3"),
        ("== 1", "Unexpected symbol: '=='. Located at position 1"),
        ("a[*", "Unexpected end of expression: '*'. Located at position 3"),
        ("*", "Unexpected symbol: '*'. Located at position 1"),
    ])
    func misplacedSymbolsAreParsingErrors(_ text: String, _ message: String) throws {
        let error = try #require(parseError(text))
        #expect(error.kind == .parsing)
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }

    @Test func treesDeeperThanFiftyAreRejected() throws {
        #expect(parseError(String(repeating: "!", count: 49) + "a") == nil)
        #expect(parseError(String(repeating: "!", count: 50) + "a") == .tooDeep)
        #expect(parseError("a" + String(repeating: ".b", count: 49)) == nil)
        #expect(parseError("a" + String(repeating: ".b", count: 50)) == .tooDeep)
        #expect(parseError(String(repeating: "a == ", count: 49) + "a") == nil)
        #expect(parseError(String(repeating: "a == ", count: 50) + "a") == .tooDeep)
        #expect(ExpressionError.tooDeep.message == "Exceeded max expression depth 50")
    }

    @Test func deepParenthesesAreRejectedWithoutExhaustingTheStack() throws {
        #expect(parseError(String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)) == nil)
        #expect(parseError(String(repeating: "(", count: 51) + "1" + String(repeating: ")", count: 51)) == .tooDeep)
        #expect(parseError(String(repeating: "(", count: 10_000)) == .tooDeep)
        #expect(parseError(String(repeating: "!", count: 10_000) + "a") == .tooDeep)
        #expect(parseError("a" + String(repeating: "[0]", count: 5_000)) == .tooDeep)
    }
}
