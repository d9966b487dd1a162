import Foundation
import Testing
import WorkflowParser

/// Every real workflow in the shared corpora loads without a crash; files known to be valid load without a
/// problem, and every problem names a position.
@Suite(.enabled(if: Corpus.exists("real-world"), "../shared/corpora is absent: corpus load tests skipped"))
struct CorpusLoadTests {
    struct Tally: CustomStringConvertible {
        var clean = 0
        var withProblems: [String: ModelProblem] = [:]
        var description: String { "\(clean) clean, \(withProblems.count) with a positioned problem" }
    }

    private func loadAll(_ folder: String) throws -> Tally {
        var tally = Tally()
        for file in Corpus.workflowFiles(folder) {
            let bytes = try [UInt8](Data(contentsOf: file))
            let result = WorkflowLoader().parse(bytes: bytes, file: file.lastPathComponent)
            if let first = result.problems.first {
                #expect(first.location.line >= 1 && first.location.column >= 1, "\(first)")
                tally.withProblems[file.lastPathComponent] = first
            } else {
                #expect(result.workflow != nil)
                tally.clean += 1
            }
        }
        return tally
    }

    /// Files of these folders that are not valid workflows, each with the reason.
    static let knownInvalid = [
        // `uses: $/.github/...` is a template placeholder the generator left in; no server resolves it.
        "astral-sh__ruff__release.yml": "reusable workflow \"$/.github/workflows/build-binaries.yml\" has no @ref",
    ]

    @Test(arguments: ["real-world", "actionlint/ok"])
    func validWorkflowsLoadClean(folder: String) throws {
        let tally = try loadAll(folder)
        print("corpus \(folder): \(tally)")
        #expect(tally.clean > 0)
        for (file, problem) in tally.withProblems {
            let expected = try #require(Self.knownInvalid[file], "\(problem)")
            #expect(problem.message.hasPrefix(expected))
        }
    }

    @Test func crawledWorkflowsLoadWithoutCrashing() throws {
        let tally = try loadAll("real-world-2021")
        print("corpus real-world-2021: \(tally)")
        for problem in tally.withProblems.values.sorted(by: { $0.location < $1.location }) {
            print("  \(problem)")
        }
        #expect(tally.clean + tally.withProblems.count == Corpus.workflowFiles("real-world-2021").count)
        #expect(tally.clean > 1_400)
    }
}
