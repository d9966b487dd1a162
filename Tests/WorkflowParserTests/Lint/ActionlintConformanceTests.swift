import Foundation
import Testing
import WorkflowParser

/// Lints actionlint's own error cases and compares with its expected output on (line, column, rule).
@Suite(.enabled(if: Corpus.exists("actionlint/err"), "../shared/corpora/actionlint is absent: conformance skipped"))
struct ActionlintConformanceTests {
    struct Finding: Hashable {
        var line: Int
        var column: Int
        var rule: String
    }

    /// Rules of actionlint this project does not implement, with the reason.
    static let notImplemented: [String: String] = [
        "pyflakes": "runs the pyflakes program on python scripts; not installed here",
        "shellcheck": "runs the shellcheck program on scripts; not installed here",
    ]

    // Where this project deliberately differs (each costs a finding or two of recall):
    // - action: no table of GitHub Marketplace actions (actionlint's generated popular_actions.go); a Forgejo
    //   runner fetches actions from its own instance, so only local actions' inputs and outputs are checked.
    // - runner-label: labels belong to runner instances; without --labels or a config there is nothing to check.
    // - syntax-check: YAML merge keys (<<) work, as in Forgejo's YAML library; a call job may have runs-on
    //   (Forgejo 11 needs it); max-parallel: 0 is accepted (real workflows use it); an undefined alias is
    //   reported where it is, not at 0:0.
    // - expression: untrusted input inside a multi-line `with:` value is reported at its own line and column.

    /// `test.yaml:L:C: message [rule]` or `/test\.yaml:L:C: ... \[rule\]/`. A regex line that names no rule
    /// is an expression finding: actionlint's corpus leaves the rule out only there.
    static func expected(in outFile: URL) throws -> [Finding] {
        let pattern = try Regex(#"^/?test\\?\.yaml:(\d+):(\d+):.*?(\[([a-z-]+)\\?\])?/?$"#)
        return try String(contentsOf: outFile, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard let match = try pattern.firstMatch(in: String(line)),
                  let row = Int(match.output[1].substring ?? ""), let column = Int(match.output[2].substring ?? "")
            else { return nil }
            let rule = match.output[4].substring.map(String.init) ?? RuleID.expression.rawValue
            return Finding(line: row, column: column, rule: rule)
        }
    }

    struct Score {
        var expected = 0
        var found = 0
        var reported = 0
        var matched = 0
    }

    @Test func recallAndPrecisionAgainstActionlint() throws {
        var scores: [String: Score] = [:]
        var misses: [String] = []
        for folder in ["err", "examples"] {
            let root = Corpus.folder("actionlint/\(folder)")
            let linter = Linter(project: DirectoryProjectFiles(root: root))
            for yaml in Corpus.workflowFiles("actionlint/\(folder)") {
                let expected = Set(try Self.expected(in: yaml.deletingPathExtension().appendingPathExtension("out")))
                    .filter { Self.notImplemented[$0.rule] == nil }
                let text = try String(contentsOf: yaml, encoding: .utf8)
                let ours = Set(linter.lint(text, file: "test.yaml").map {
                    Finding(line: $0.location.line, column: $0.location.column, rule: Self.actionlintName(of: $0.rule))
                })
                for finding in expected {
                    scores[finding.rule, default: Score()].expected += 1
                    if ours.contains(finding) {
                        scores[finding.rule, default: Score()].found += 1
                    } else {
                        misses.append("missed \(folder)/\(yaml.lastPathComponent):\(finding.line):\(finding.column) [\(finding.rule)]")
                    }
                }
                for finding in ours {
                    scores[finding.rule, default: Score()].reported += 1
                    if expected.contains(finding) {
                        scores[finding.rule, default: Score()].matched += 1
                    } else if RuleID(rawValue: finding.rule).map({ Self.actionlintRules.contains($0) }) == true {
                        misses.append("extra  \(folder)/\(yaml.lastPathComponent):\(finding.line):\(finding.column) [\(finding.rule)]")
                    }
                }
            }
        }
        var total = Score()
        print("rule                 recall      precision")
        for (rule, score) in scores.sorted(by: { $0.key < $1.key }) {
            guard let id = RuleID(rawValue: rule), Self.actionlintRules.contains(id) else {
                print("\(rule.padding(toLength: 20, withPad: " ", startingAt: 0)) (ours only: \(score.reported) reported)")
                continue
            }
            total.expected += score.expected
            total.found += score.found
            total.reported += score.reported
            total.matched += score.matched
            print("\(rule.padding(toLength: 20, withPad: " ", startingAt: 0)) \(score.found)/\(score.expected)"
                  + "        \(score.matched)/\(score.reported)")
        }
        let recall = Double(total.found) / Double(max(total.expected, 1))
        let precision = Double(total.matched) / Double(max(total.reported, 1))
        print(String(format: "total: recall %.1f%% (%d/%d), precision %.1f%% (%d/%d)", recall * 100, total.found,
                     total.expected, precision * 100, total.matched, total.reported))
        for miss in misses.sorted() { print(miss) }
        // The targets: at least 90 % recall and 95 % precision over the rules both linters have.
        #expect(recall >= Self.recallFloor)
        #expect(precision >= Self.precisionFloor)
    }

    /// actionlint files untrusted input in scripts under its expression rule; this project has a rule for it.
    static func actionlintName(of rule: RuleID) -> String {
        rule == .expressionInjection ? RuleID.expression.rawValue : rule.rawValue
    }

    static let recallFloor = 0.90
    static let precisionFloor = 0.95

    /// Rules whose findings actionlint also reports, so they can be compared; Forgejo rules are ours alone.
    static let actionlintRules: Set<RuleID> = [
        .syntaxCheck, .expression, .jobNeeds, .matrix, .runnerLabel, .events, .glob, .id, .shellName, .envVar,
        .permissions, .workflowCall, .action, .deprecatedCommands, .ifCond, .credentials, .expressionInjection,
    ]
}
