/// How a job's matrix combinations run: `fail-fast` (cancel the others when one fails) and `max-parallel`.
public struct StrategySettings: Sendable, Equatable {
    /// GitHub's default is true.
    public var failFast: Bool
    /// At most this many combinations at once; nil: no limit (the default, and what `max-parallel: 0` means).
    public var maxParallel: Int?

    public init(failFast: Bool = true, maxParallel: Int? = nil) {
        self.failFast = failFast
        self.maxParallel = maxParallel
    }

    /// The settings of `strategy`, with `${{ }}` evaluated in `context` as in `MatrixExpansion`.
    public init(_ strategy: Strategy?, jobID: String = "", context: EvaluationContext) throws(PlanningError) {
        self.init()
        let what = jobID.isEmpty ? "strategy" : "strategy of job \"\(jobID)\""
        switch strategy?.failFast {
        case nil: break
        case .value(let literal): failFast = literal.value
        case .expression(let text):
            let value = try PlanningExpression.evaluate(text, at: .jobStrategy, in: context, what: "fail-fast")
            guard case .bool(let bool) = value else {
                throw PlanningError("fail-fast of the \(what) must be true or false, but \(text.value) gives "
                                    + "\(value.kindName) \(value); make the expression give a boolean",
                                    at: text.location)
            }
            failFast = bool
        }
        switch strategy?.maxParallel {
        case nil: break
        case .value(let literal): maxParallel = try Self.jobCount(literal.value, what: what, at: literal.location)
        case .expression(let text):
            let value = try PlanningExpression.evaluate(text, at: .jobStrategy, in: context, what: "max-parallel")
            // A string of digits counts: workflow_dispatch inputs and job outputs are strings.
            let number: Double? = switch value {
            case .number(let number): number
            case .string(let string): NumberText.parse(string)
            default: nil
            }
            guard let number, number.isFinite else {
                throw PlanningError("max-parallel of the \(what) must be a number of jobs, but \(text.value) gives "
                                    + "\(value.kindName) \(value)", at: text.location)
            }
            maxParallel = try Self.jobCount(number, what: what, at: text.location)
        }
    }

    /// A whole number of jobs of at least zero; zero means no limit.
    private static func jobCount(_ number: Double, what: String, at location: SourceLocation) throws(PlanningError)
        -> Int?
    {
        guard number >= 0, number == number.rounded(), number <= Double(Int32.max) else {
            throw PlanningError("max-parallel of the \(what) must be a whole number of jobs, at least 1 (or 0 for no "
                                + "limit), found \(NumberText.format(number))", at: location)
        }
        return number == 0 ? nil : Int(number)
    }
}
