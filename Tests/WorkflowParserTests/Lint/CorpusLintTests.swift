import Foundation
import Testing
import WorkflowParser

/// Lint over the shared corpora of valid and real workflows: no crash, nothing on valid files, counts printed.
@Suite(.enabled(if: Corpus.exists("actionlint/ok"), "../shared/corpora is absent: corpus lint tests skipped"))
struct CorpusLintTests {
    /// Rules about Forgejo and this runner's sandbox judge a different platform than the GitHub-valid files of
    /// actionlint's ok/ folder (a call without runs-on is fine on GitHub), so they are counted, not failed.
    static let forgejoRules: Set<RuleID> = [.forgejoReusableRunsOn, .forgejoReusableRef, .forgejoIgnored, .sandbox]

    /// Lints each file of `folder`; `asRepository` makes the folder the repository for local references, as
    /// actionlint's test folders are. The crawled corpora are files taken out of their repositories.
    private func lint(_ folder: String, asRepository: Bool = false) throws -> [Diagnostic] {
        let linter = Linter(project: asRepository ? DirectoryProjectFiles(root: Corpus.folder(folder)) : nil)
        return try Corpus.workflowFiles(folder).flatMap { file in
            linter.lint(bytes: [UInt8](try Data(contentsOf: file)), file: file.lastPathComponent)
        }
    }

    private func countsPerRule(_ diagnostics: [Diagnostic]) -> String {
        Dictionary(grouping: diagnostics, by: \.rule).map { "\($0.key.rawValue): \($0.value.count)" }.sorted()
            .joined(separator: ", ")
    }

    @Test func validWorkflowsHaveNoFindings() throws {
        let diagnostics = try lint("actionlint/ok", asRepository: true)
        print("lint actionlint/ok: \(countsPerRule(diagnostics))")
        let unexpected = diagnostics.filter { !Self.forgejoRules.contains($0.rule) }
        #expect(unexpected.isEmpty, "\(unexpected.map(\.description))")
    }

    @Test(arguments: ["real-world", "real-world-2021"])
    func realWorkflowsLintWithoutCrashing(folder: String) throws {
        let diagnostics = try lint(folder)
        print("lint \(folder) (\(Corpus.workflowFiles(folder).count) files): \(countsPerRule(diagnostics))")
        #expect(diagnostics.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
    }
}
