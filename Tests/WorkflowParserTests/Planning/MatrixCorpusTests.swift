import Foundation
import Testing
import WorkflowParser

/// act's matrix test workflows, with the combinations worked out by hand from each file.
@Suite(.enabled(if: Corpus.exists("act-runner/testdata"), "../shared/corpora/act-runner is absent: corpus skipped"))
struct MatrixCorpusTests {
    private func combinations(_ folder: String, job: String) throws -> [ExpressionValue] {
        let url = Corpus.folder("act-runner/testdata/\(folder)/push.yml")
        let workflow = try WorkflowLoader().load(try String(contentsOf: url, encoding: .utf8), file: url.path)
        let strategy = try #require(workflow.job(job)?.strategy)
        return try MatrixExpansion.expand(strategy, jobID: job, context: EvaluationContext()).map { .object($0) }
    }

    /// `node: [8.x, 10.x, 12.x, 13.x]`: strings, one job each.
    static let testJob: [ExpressionValue] = [["node": "8.x"], ["node": "10.x"], ["node": "12.x"], ["node": "13.x"]]

    @Test func matrix() throws {
        // os: [ubuntu-18.04, macos-latest] × node: [4, 6, 8, 10], os slowest; the versions are numbers.
        #expect(try combinations("matrix", job: "build") == [
            ["os": "ubuntu-18.04", "node": 4], ["os": "ubuntu-18.04", "node": 6],
            ["os": "ubuntu-18.04", "node": 8], ["os": "ubuntu-18.04", "node": 10],
            ["os": "macos-latest", "node": 4], ["os": "macos-latest", "node": 6],
            ["os": "macos-latest", "node": 8], ["os": "macos-latest", "node": 10],
        ])
        #expect(try combinations("matrix", job: "test") == Self.testJob)
    }

    /// The same product, minus macos-latest with node 4, plus ubuntu-16.04 with node 10: os is a matrix key and
    /// no combination has ubuntu-16.04, so the include row is a combination of its own.
    static let includeExclude: [ExpressionValue] = [
        ["os": "ubuntu-18.04", "node": 4], ["os": "ubuntu-18.04", "node": 6],
        ["os": "ubuntu-18.04", "node": 8], ["os": "ubuntu-18.04", "node": 10],
        ["os": "macos-latest", "node": 6], ["os": "macos-latest", "node": 8], ["os": "macos-latest", "node": 10],
        ["os": "ubuntu-16.04", "node": 10],
    ]

    @Test func matrixIncludeExclude() throws {
        #expect(try combinations("matrix-include-exclude", job: "build") == Self.includeExclude)
        #expect(try combinations("matrix-include-exclude", job: "test") == Self.testJob)
    }

    @Test func matrixWithUserInclusions() throws {
        #expect(try combinations("matrix-with-user-inclusions", job: "build") == Self.includeExclude)
        #expect(try combinations("matrix-with-user-inclusions", job: "test") == Self.testJob)
    }
}
