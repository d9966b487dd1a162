import Testing
import WorkflowParser

/// Workflows for planning tests, and the values their plans are compared with.
enum PlanningFixture {
    /// The workflow in `text`; problems the model reports are allowed, since some tests hand planning input that
    /// lint would flag.
    static func workflow(_ text: String, file: String = "ci.yml") throws -> Workflow {
        try #require(WorkflowLoader().parse(text, file: file).workflow, "no workflow in:\n\(text)")
    }

    /// A workflow whose job `test` has `matrix` (block YAML, written from column 1) as its `strategy.matrix`.
    /// The matrix starts on line 7, its first key in column 9.
    static func matrixWorkflow(_ matrix: String) throws -> Workflow {
        let indented = matrix.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "        " + $0 }.joined(separator: "\n")
        return try workflow("""
            on: push
            jobs:
              test:
                runs-on: docker
                strategy:
                  matrix:
            \(indented)
                steps:
                  - run: make
            """)
    }

    /// The combinations of `matrix`, each as an object value.
    static func combinations(_ matrix: String, context: EvaluationContext = EvaluationContext()) throws
        -> [ExpressionValue]
    {
        let job = try #require(try matrixWorkflow(matrix).job("test"))
        return try MatrixExpansion.expand(job.strategy, jobID: "test", context: context).map { .object($0) }
    }

    /// The error `matrix` gives.
    static func matrixError(_ matrix: String, context: EvaluationContext = EvaluationContext()) throws
        -> PlanningError?
    {
        let job = try #require(try matrixWorkflow(matrix).job("test"))
        return #expect(throws: PlanningError.self) {
            try MatrixExpansion.expand(job.strategy, jobID: "test", context: context)
        }
    }
}

extension PlanningError {
    /// `line:column`, for comparing positions.
    var position: String { "\(location.line):\(location.column)" }
}
