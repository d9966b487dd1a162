import Foundation
import Testing
import WorkflowParser

/// Each `Golden/NAME.yaml` is linted with `Golden/` as the repository; the findings must be exactly the lines of
/// `NAME.out` (`file:line:col: message [rule]`). A first comment line may set `# profile: 15` or `# labels: a,b`.
/// To rewrite the .out files after a deliberate change, run the tests with SWIFT_RUNNER_GOLDEN=write and review
/// the diff.
@Suite struct GoldenLintTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static let cases: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    /// The settings a case's first line asks for.
    static func linter(for text: String) -> Linter {
        var linter = Linter(project: DirectoryProjectFiles(root: folder))
        let header = text.prefix { $0 != "\n" }
        if header.hasPrefix("# profile: ") { linter.profile = ForgejoProfile.named(String(header.dropFirst(11))) ?? .default }
        if header.hasPrefix("# labels: ") {
            linter.runnerLabels = header.dropFirst(10).split(separator: ",").map(String.init)
        }
        return linter
    }

    /// Every rule the linter runs shows up in at least one golden file, so none goes untested.
    @Test func everyRuleHasACase() throws {
        let outputs = try Self.cases.map { name in
            try String(contentsOf: Self.folder.appendingPathComponent(name.replacingOccurrences(of: ".yaml", with: ".out")),
                       encoding: .utf8)
        }.joined()
        for rule in Linter.allRules {
            let id = type(of: rule).id.rawValue
            #expect(outputs.contains("[\(id)]"), "no golden case shows a finding of \(id)")
        }
    }

    @Test(arguments: cases)
    func findingsMatchTheGoldenFile(name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let found = Self.linter(for: text).lint(text, file: name).map(\.description)
        let outFile = Self.folder.appendingPathComponent(name.replacingOccurrences(of: ".yaml", with: ".out"))
        if ProcessInfo.processInfo.environment["SWIFT_RUNNER_GOLDEN"] == "write" {
            try Data((found.joined(separator: "\n") + "\n").utf8).write(to: outFile)
        }
        let expected = try String(contentsOf: outFile, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(found == expected)
    }
}
