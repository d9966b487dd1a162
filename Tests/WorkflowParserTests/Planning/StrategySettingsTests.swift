import Testing
import WorkflowParser

@Suite struct StrategySettingsTests {
    /// The strategy of job `test` with `lines` (block YAML) under `strategy:`; line 6 is the first of them.
    private func strategy(_ lines: String) throws -> Strategy? {
        let indented = lines.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
        let workflow = try PlanningFixture.workflow("""
            on: push
            jobs:
              test:
                runs-on: docker
                strategy:
            \(indented)
                steps: [{run: make}]
            """)
        return workflow.job("test")?.strategy
    }

    @Test func defaultsFailFastWithoutLimit() throws {
        #expect(try StrategySettings(nil, context: EvaluationContext()) == StrategySettings(failFast: true))
        let settings = try StrategySettings(try strategy("matrix: {os: [a]}"), context: EvaluationContext())
        #expect(settings == StrategySettings(failFast: true, maxParallel: nil))
    }

    @Test func literalValues() throws {
        let settings = try StrategySettings(try strategy("fail-fast: false\nmax-parallel: 3"),
                                            context: EvaluationContext())
        #expect(settings == StrategySettings(failFast: false, maxParallel: 3))
        let zero = try StrategySettings(try strategy("max-parallel: 0"), context: EvaluationContext())
        #expect(zero.maxParallel == nil)
    }

    @Test func expressionsAreEvaluated() throws {
        let context = EvaluationContext(contexts: ["inputs": ["fast": false, "parallel": "2"]])
        let settings = try StrategySettings(
            try strategy("fail-fast: ${{ inputs.fast }}\nmax-parallel: ${{ inputs.parallel }}"), context: context)
        #expect(settings == StrategySettings(failFast: false, maxParallel: 2))
    }

    @Test func expressionsOfTheWrongKindAreErrors() throws {
        let context = EvaluationContext(contexts: ["inputs": ["text": "yes", "half": 1.5, "word": "many"]])
        let failFast = #expect(throws: PlanningError.self) {
            try StrategySettings(try strategy("fail-fast: ${{ inputs.text }}"), jobID: "test", context: context)
        }
        #expect(failFast?.message == "fail-fast of the strategy of job \"test\" must be true or false, but "
                + "${{ inputs.text }} gives String \"yes\"; make the expression give a boolean")
        #expect(failFast?.position == "6:18")
        let fraction = #expect(throws: PlanningError.self) {
            try StrategySettings(try strategy("max-parallel: ${{ inputs.half }}"), context: context)
        }
        #expect(fraction?.message.contains("must be a whole number of jobs") == true)
        #expect(fraction?.message.contains("found 1.5") == true)
        let word = #expect(throws: PlanningError.self) {
            try StrategySettings(try strategy("max-parallel: ${{ inputs.word }}"), context: context)
        }
        #expect(word?.message.contains("must be a number of jobs, but ${{ inputs.word }} gives String \"many\"")
                == true)
    }
}
