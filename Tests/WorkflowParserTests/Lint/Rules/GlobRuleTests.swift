import Testing
@testable import WorkflowParser

struct GlobRuleTests {
    let rule = GlobRule()

    func workflow(push filters: String) -> String {
        "on:\n  push:\n" + filters + "\njobs:\n  build:\n    runs-on: docker\n    steps:\n      - run: make\n"
    }

    @Test func validPatternsGiveNoDiagnostic() {
        let yaml = workflow(push: """
                branches: ['**', 'releases/**', '!releases/old-*', 'feature/[a-z]*', 'v[0-9]+', 'c\\+\\+']
                tags: ['v*.*.*', 'v[0-9]+.[0-9]+']
                paths: ['docs/**/*.md', '!docs/drafts/**', 'foo\\bar', '*.{js,ts}']
            """)
        #expect(rule.diagnostics(in: yaml).isEmpty)
    }

    @Test func problemsPointAtTheCharacterInsideThePattern() {
        let yaml = workflow(push: """
                branches:
                  - '^main'
                  - v[9-1]
                  - "[x]"
                tags:
                  - v[0-
            """)
        // Columns count from the opening quote plus one; a plain scalar starts at its first character.
        #expect(rule.diagnostics(in: yaml).positions == ["4:10", "5:13", "6:12", "8:12"])
    }

    @Test func wholePatternProblemsPointAtItsStart() {
        let yaml = workflow(push: """
                paths:
                  - ' src'
                  - ./src/**
                  - |
                    src
            """)
        #expect(rule.diagnostics(in: yaml).positions == ["4:10", "5:9", "6:9"])
    }

    @Test func customImageVersionsAreRefPatterns() {
        let yaml = """
            on:
              image_version:
                versions: ['v[0-']
            jobs:
              build:
                runs-on: docker
                snapshot:
                  version: '!'
                steps:
                  - run: make
            """
        #expect(rule.diagnostics(in: yaml).positions == ["3:20", "8:17"])
    }

    @Test(arguments: [
        ("^foo-", [0]), ("v*+", [2]), ("+v", [0]), ("!?x", [1]), ("[]", [1]), ("[x]", [2]), ("[a-]", [3]),
        ("v[9-1]", [4]), ("v[0-", [3]), ("!", [0]), ("/v\\d+/", [0, 2, 5]), ("a b", [1]), ("a~b", [1]), ("a:b", [1]),
        ("a\\*", [2]), ("main/", [4]), ("v1.", [2]), ("a..b", [2]), ("a@{b", [2]), ("a//b", [2]), ("a\u{7}b", [1]),
        ("a\tb", [1]),
    ] as [(String, [Int?])])
    func refPatternProblems(pattern: String, offsets: [Int?]) {
        #expect(GlobRule.problems(in: pattern, kind: .refName).map(\.offset) == offsets)
    }

    @Test(arguments: [
        (" a", [nil]), ("a\n", [nil]), ("./a", [nil]), ("a/../b", [nil]), ("!..", [nil]), (" ./a", [nil, nil]),
        ("a b/[9-0]", [7]), ("foo\\bar", []), ("!", [0]), ("a/**/b?", []),
    ] as [(String, [Int?])])
    func pathPatternProblems(pattern: String, offsets: [Int?]) {
        #expect(GlobRule.problems(in: pattern, kind: .path).map(\.offset) == offsets)
    }
}
