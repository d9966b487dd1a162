import Foundation
import WorkflowParser

/// Turns one job of a workflow, once the jobs it needs have finished, into what runs: whether it runs at all
/// (`if:`), its matrix combinations as `JobDefinition`s, and the runner label each goes to.
struct JobPlanner {
    let workflow: Workflow
    let job: Job
    let needs: [String: NeededJob]
    let settings: WorkflowRunSettings
    /// The results of every job this one waits for, directly or through others: GitHub's default `success()`
    /// for a job looks at all of them.
    var ancestors: [JobOutcome] = []
    /// Put before job names (a called workflow's jobs carry their caller's name).
    var labelPrefix = ""

    /// The contexts of job-level keys (`if`, `strategy`, `runs-on`, `name`): no `env`, `steps` or `job`.
    func context(matrix: ExpressionObject? = nil, status: ExecutionStatus? = nil) -> EvaluationContext {
        var contexts: [(key: String, value: ExpressionValue)] = githubContexts(settings.github) + [
            (key: "needs", value: .object(needsContext(needs))),
            (key: "vars", value: .object(ExpressionObject(strings: settings.vars))),
            (key: "inputs", value: .object(settings.inputs)),
            (key: "secrets", value: .object(ExpressionObject(strings: settings.secrets))),
        ]
        if let matrix { contexts.append((key: "matrix", value: .object(matrix))) }
        return EvaluationContext(contexts: ExpressionObject(contexts), statusProvider: status.map { FixedStatus(status: $0) })
    }

    /// The status the needed jobs leave: failure if one failed, cancelled if one was, else success.
    private var needsStatus: ExecutionStatus {
        let results = needs.values.map(\.result)
        if results.contains(.failure) { return .failure }
        if results.contains(.cancelled) { return .cancelled }
        return .success
    }

    var skipReason: String {
        if let condition = job.condition { return "Skipped: the condition `\(condition.value)` is false" }
        let unsuccessful = needs.filter { $0.value.result != .success }.keys.sorted()
        return "Skipped: it needs \(unsuccessful.joined(separator: ", ")), which did not succeed"
    }

    /// The job's `if:`. A job without one runs only when every job it needs succeeded (a skipped one counts as
    /// not succeeded, as on GitHub).
    func shouldRun() throws -> Bool {
        guard job.condition != nil else {
            return needs.values.allSatisfy { $0.result == .success } && ancestors.allSatisfy { $0 == .success }
        }
        return try Condition.holds(job.condition, in: context(status: needsStatus))
    }

    /// What the Forgejo profile makes of a reusable-workflow call; thrown for calls it would never schedule.
    func callVerdict() throws -> String {
        guard let call = job.call else { return "" }
        // The profile's rule is SchedulingVerdict's; here it only becomes the job's failure.
        if case .neverScheduled(let reason) = try SchedulingVerdict(for: job, under: settings.profile) {
            throw JobError("\(call.uses.location): \(reason); add runs-on (the runner then runs the called workflow in one task)")
        }
        return "calls \(call.uses.value)"
    }

    /// One `JobDefinition` per matrix combination (one with an empty matrix when there is none) that the matrix
    /// filter lets through.
    func combinations() throws -> [JobDefinition] {
        let combinations = try MatrixExpansion.expand(job.strategy, jobID: job.id.value, context: context()).filter(passesFilter)
        let strategySettings = try StrategySettings(job.strategy, jobID: job.id.value, context: context())
        let maxParallel = Double(strategySettings.maxParallel ?? combinations.count)
        return try combinations.enumerated().map { index, matrix in
            let strategy = ExpressionObject([
                (key: "fail-fast", value: .bool(strategySettings.failFast)),
                (key: "job-index", value: .number(Double(index))),
                (key: "job-total", value: .number(Double(combinations.count))),
                (key: "max-parallel", value: .number(maxParallel)),
            ])
            return JobDefinition(workflow: workflow, job: job, displayName: try displayName(matrix), github: settings.github,
                                 matrix: matrix, strategy: strategy, needs: needs, inputs: settings.inputs,
                                 secrets: settings.secrets, vars: settings.vars, extraEnvironment: settings.extraEnvironment,
                                 runnerName: settings.runnerName, skipsCheckout: settings.skipsCheckout)
        }
    }

    /// Whether a combination passes `settings.matrixFilter` (matrix keys ignore case).
    func passesFilter(_ matrix: ExpressionObject) -> Bool {
        settings.matrixFilter.allSatisfy { key, values in
            guard let value = matrix[key] else { return true }
            if case .string(let text) = value { return values.contains(text) }
            return values.contains(value.coercedString) || values.contains(value.jsonText)
        }
    }

    /// `name:` evaluated with the matrix, else the id with the matrix values in brackets, as Forgejo shows them.
    private func displayName(_ matrix: ExpressionObject) throws -> String {
        if let name = job.name {
            return labelPrefix + (try evaluate(name, matrix: matrix).coercedString)
        }
        guard matrix.count > 0 else { return labelPrefix + job.id.value }
        let values = matrix.values.map { value -> String in
            if case .string(let text) = value { return text }
            return value.jsonText.replacingOccurrences(of: "\n", with: " ")
        }
        return "\(labelPrefix)\(job.id.value) (\(values.joined(separator: ", ")))"
    }

    /// The runner label that takes the combination: the first of the runner's labels that `runs-on` names, else
    /// the fallback.
    func label(for definition: JobDefinition) throws -> RunnerLabel {
        guard let runsOn = job.runsOn else {
            throw JobError("\(job.id.location): the job has no runs-on; no runner would take it")
        }
        let wanted = try runsOn.labels.map { try evaluate($0, matrix: definition.matrix).coercedString }
        for name in wanted {
            if let label = settings.labels.first(where: { $0.name == name }) { return label }
        }
        if let fallback = settings.fallbackLabel { return fallback }
        throw JobError("\(runsOn.location): no runner label matches runs-on \(wanted.joined(separator: ", ")); "
            + "labels: \(settings.labels.map(\.description).joined(separator: ", "))")
    }

    private func evaluate(_ text: Located<String>, matrix: ExpressionObject) throws -> ExpressionValue {
        guard text.value.containsExpression else { return .string(text.value) }
        do {
            return try ExpressionTemplate.parse(text.value, allowedContexts: nil).evaluate(in: context(matrix: matrix))
        } catch {
            throw ExpressionFailure(text: text.value, location: text.location, error: error)
        }
    }
}
