/// Evaluates a `${{ }}` template met while planning, with the contexts and functions GitHub allows at that place
/// (so a planner rejects what the server would), and turns an expression error into a `PlanningError` there.
enum PlanningExpression {
    /// `what` names the place for the message, e.g. "strategy.matrix of job \"build\"".
    static func evaluate(_ text: Located<String>, at site: ExpressionSite, in context: EvaluationContext,
                         what: String) throws(PlanningError) -> ExpressionValue {
        do throws(ExpressionError) {
            let template = try ExpressionTemplate.parse(
                text.value, allowedContexts: site.contexts, allowedFunctions: site.functions)
            return try template.evaluate(in: context)
        } catch {
            let contexts = site.contexts.sorted().joined(separator: ", ")
            throw PlanningError("\(what): cannot evaluate \(text.value): \(error.message); fix the expression "
                                + "or give it the contexts it reads (\(contexts))", at: text.location)
        }
    }
}
