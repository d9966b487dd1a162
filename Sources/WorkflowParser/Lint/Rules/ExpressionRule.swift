/// Every `${{ }}` in a workflow parses, uses only contexts and functions available where it stands, and (through
/// `ExpressionTyping`) reads only properties that exist. One walk over the workflow in file order, so the steps
/// before a step are known when its expressions are checked.
struct ExpressionRule: LintRule {
    static let id = RuleID.expression
    static let summary = "${{ }} expressions parse, and use contexts, functions and properties available there"

    func check(_ workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        var checker = ExpressionChecker(workflow: workflow, context: context)
        checker.checkWorkflow()
        for job in workflow.jobs { checker.checkJob(job) }
        for diagnostic in checker.findings { sink.error(diagnostic.message, at: diagnostic.location) }
    }
}

/// The walk of one workflow: which site each value is at, and what each expression may use there.
struct ExpressionChecker {
    struct Finding {
        var message: String
        var location: SourceLocation
    }

    let workflow: Workflow
    var positions: ScalarPositions
    let typing: ExpressionTyping
    private(set) var findings: [Finding] = []

    init(workflow: Workflow, context: LintContext) {
        self.workflow = workflow
        positions = ScalarPositions(source: workflow.source)
        typing = ExpressionTyping(workflow: workflow, context: context)
    }

    mutating func checkWorkflow() {
        let scope = typing.workflowScope
        workflow.runName.map { check($0, at: .runName, scope) }
        check(workflow.env, at: .workflowEnv, scope)
        check(workflow.concurrency, at: .workflowConcurrency, scope)
        if let call = workflow.trigger("workflow_call") {
            for (index, input) in call.inputs.enumerated() {
                guard let value = input.defaultValue else { continue }
                let inputScope = typing.callInputDefaultScope(before: index)
                check(value, at: .callInputDefault, inputScope)
                let declared = ExpressionTyping.type(of: input, in: "workflow_call")
                if declared != .any, declared != .string, let text = value.scalar?.text {
                    expect(Located(text, at: value.location), toBe: declared.description, inputScope) { $0 == declared }
                }
            }
            let outputScope = typing.callOutputScope()
            for output in call.outputs { output.value.map { check($0, at: .callOutputValue, outputScope) } }
        }
    }

    mutating func checkJob(_ job: Job) {
        let conditionScope = typing.jobConditionScope(job)
        let scope = typing.jobScope(job, conditionScope: conditionScope)
        job.name.map { check($0, at: .jobName, scope) }
        job.condition.map { check($0, at: .jobIf, conditionScope) }
        for label in job.runsOn?.labels ?? [] {
            check(label, at: .jobRunsOn, scope)
            expect(label, toBe: "a string or an array", scope) { !Self.isObject($0) }
        }
        job.runsOn?.group.map { check($0, at: .jobRunsOn, scope) }
        check(job.env, at: .jobEnv, scope)
        job.defaults?.shell.map { check($0, at: .jobDefaultsRun, scope) }
        job.defaults?.workingDirectory.map { check($0, at: .jobDefaultsRun, scope) }
        if let strategy = job.strategy { checkStrategy(strategy, conditionScope) }
        if let container = job.container {
            checkContainer(container, at: .jobContainer, env: .jobContainerEnv, credentials: .jobContainerCredentials, scope)
        }
        switch job.services {
        case .expression(let text)?:
            check(text, at: .jobServices, scope)
            expect(text, toBe: "an object", scope) { Self.isObject($0) }
        case .value(let services)?:
            for service in services.value {
                checkContainer(service.container, at: .jobServices, env: .jobServiceEnv,
                               credentials: .jobServiceCredentials, scope)
            }
        case nil: break
        }
        let stepScopes = typing.stepScopes(job, jobScope: scope)
        let stepsScope = stepScopes[job.steps.count]
        for output in job.outputs { check(output.value, at: .jobOutputs, stepsScope) }
        check(job.timeoutMinutes, at: .jobTimeout, scope)
        check(job.continueOnError, at: .jobContinueOnError, scope)
        check(job.concurrency, at: .jobConcurrency, scope)
        if let environment = job.environment {
            check(environment.name, at: .jobEnvironment, scope)
            environment.url.map { check($0, at: .jobEnvironmentURL, stepsScope) }
        }
        if let snapshot = job.snapshot {
            snapshot.imageName.map { check($0, at: .jobSnapshot, scope) }
            snapshot.version.map { check($0, at: .jobSnapshot, scope) }
            snapshot.condition.map { check($0, at: .jobSnapshot, scope) }
        }
        if let call = job.call {
            for input in call.inputs { check(input.value, at: .jobWith, scope) }
            if case .explicit(let secrets)? = call.secrets {
                for secret in secrets { check(secret.value, at: .jobSecrets, scope) }
            }
        }
        for (step, stepScope) in zip(job.steps, stepScopes) { checkStep(step, stepScope) }
    }

    private mutating func checkStep(_ step: Step, _ scope: TypeScope) {
        step.id.map { check($0, at: .stepID, scope) }
        step.name.map { check($0, at: .stepName, scope) }
        step.condition.map { check($0, at: .stepIf, scope) }
        step.run.map { check($0, at: .stepRun, scope) }
        check(step.env, at: .stepEnv, scope)
        for input in step.with { check(input.value, at: .stepWith, scope) }
        step.workingDirectory.map { check($0, at: .stepWorkingDirectory, scope) }
        step.shell.map { check($0, at: .stepShell, scope) }
        check(step.continueOnError, at: .stepContinueOnError, scope)
        check(step.timeoutMinutes, at: .stepTimeout, scope)
    }

    private mutating func checkStrategy(_ strategy: Strategy, _ scope: TypeScope) {
        check(strategy.failFast, at: .jobStrategy, scope)
        check(strategy.maxParallel, at: .jobStrategy, scope)
        switch strategy.matrix {
        case .expression(let text)?: check(text, at: .jobStrategy, scope)
        case .value(let matrix)?:
            for dimension in matrix.value.dimensions {
                switch dimension.values {
                case .expression(let text): check(text, at: .jobStrategy, scope)
                case .value(let values): for value in values.value { check(value, at: .jobStrategy, scope) }
                }
            }
            for rows in [matrix.value.include, matrix.value.exclude].compactMap({ $0 }) {
                switch rows {
                case .expression(let text): check(text, at: .jobStrategy, scope)
                case .value(let rows): for row in rows.value { for cell in row { check(cell.value, at: .jobStrategy, scope) } }
                }
            }
        case nil: break
        }
    }

    private mutating func checkContainer(_ container: Container, at site: ExpressionSite, env: ExpressionSite,
                                         credentials: ExpressionSite, _ scope: TypeScope) {
        check(container.image, at: site, scope)
        for text in [container.options, container.entrypoint, container.command].compactMap({ $0 }) {
            check(text, at: site, scope)
        }
        for text in container.ports + container.volumes { check(text, at: site, scope) }
        check(container.env, at: env, scope)
        switch container.credentials {
        case .expression(let text)?:
            check(text, at: credentials, scope)
            expect(text, toBe: "an object", scope) { Self.isObject($0) }
        case .value(let given)?:
            given.value.username.map { check($0, at: credentials, scope) }
            given.value.password.map { check($0, at: credentials, scope) }
        case nil: break
        }
    }

    // MARK: values of each shape

    private mutating func check(_ env: Expressible<[KeyValue]>?, at site: ExpressionSite, _ scope: TypeScope) {
        switch env {
        case .expression(let text)?:
            check(text, at: site, scope)
            expect(text, toBe: "an object", scope) { Self.isObject($0) }
        case .value(let variables)?:
            for variable in variables.value {
                check(variable.key, at: site, scope)
                check(variable.value, at: site, scope)
            }
        case nil: break
        }
    }

    private mutating func check<Value>(_ value: Expressible<Value>?, at site: ExpressionSite, _ scope: TypeScope) {
        if case .expression(let text)? = value { check(text, at: site, scope) }
    }

    private mutating func check(_ concurrency: Concurrency?, at site: ExpressionSite, _ scope: TypeScope) {
        guard let concurrency else { return }
        check(concurrency.group, at: site, scope)
        check(concurrency.cancelInProgress, at: site, scope)
    }

    /// Every string inside a YAML value (matrix rows, reusable-workflow inputs, input defaults).
    private mutating func check(_ node: YAMLNode, at site: ExpressionSite, _ scope: TypeScope) {
        switch node.content {
        case .scalar(let scalar): check(Located(scalar.text, at: node.location), at: site, scope)
        case .sequence(let items): for item in items { check(item, at: site, scope) }
        case .mapping(let pairs): for pair in pairs { check(pair.value, at: site, scope) }
        }
    }

    /// One string value: its `${{ }}` parts, or the whole text for an `if:` without `${{ }}`.
    private mutating func check(_ value: Located<String>, at site: ExpressionSite, _ scope: TypeScope) {
        if site.isCondition, !value.value.containsExpression {
            do {
                let expression = try WorkflowExpression.parse(value.value, allowedContexts: nil)
                check(expression, offset: 1, in: value, at: site, scope)
            } catch {
                report(error, in: value)
            }
            return
        }
        guard value.value.containsExpression else { return }
        let template: ExpressionTemplate
        do {
            template = try ExpressionTemplate.parse(value.value, allowedContexts: nil)
        } catch {
            report(error, in: value)
            return
        }
        for part in template.parts {
            guard case .expression(let expression, let offset) = part else { continue }
            guard check(expression, offset: offset, in: value, at: site, scope),
                  !template.isSingleExpression || !site.keepsValueType else { continue }
            // Embedded in text, the value becomes text: an object or array prints as "Object" or "Array".
            let type = typing.type(of: expression, scope)
            if type.isComposite || type == .null {
                let opening = Self.placeholderStart(before: offset, in: value.value)
                findings.append(Finding(
                    message: "a value of type \(type) is written into text here, where it becomes \"Object\", "
                        + "\"Array\" or \"\"; convert it with toJSON() or pick one of its properties",
                    location: positions.location(ofOffset: opening, in: value)))
            }
        }
    }

    /// A single `${{ x }}` whose value must have a certain type (an object for `env:`, a string for a label).
    private mutating func expect(_ value: Located<String>, toBe expected: String, _ scope: TypeScope,
                                 _ fits: (ExpressionType) -> Bool) {
        guard let template = try? ExpressionTemplate.parse(value.value, allowedContexts: nil), template.isSingleExpression,
              case .expression(let expression, _)? = template.parts.first else { return }
        let type = typing.type(of: expression, scope)
        guard type != .any, !fits(type) else { return }
        findings.append(Finding(message: "this ${{ }} must give \(expected), but it gives a value of type \(type)",
                                location: value.location))
    }

    static func isObject(_ type: ExpressionType) -> Bool {
        if case .object = type { return true }
        return type == .any
    }

    /// The offset of the `${{` that opens the expression whose text starts at `offset`.
    static func placeholderStart(before offset: Int, in text: String) -> Int {
        let scalars = Array(text.unicodeScalars.prefix(max(offset - 1, 0)))
        var index = scalars.count - 3
        while index >= 0 {
            if scalars[index] == "$", scalars[index + 1] == "{", scalars[index + 2] == "{" { return index + 1 }
            index -= 1
        }
        return offset
    }

    /// Checks one expression and reports each of its problems; false when it had one (its type then says
    /// nothing more).
    @discardableResult
    private mutating func check(_ expression: WorkflowExpression, offset: Int, in value: Located<String>,
                                at site: ExpressionSite, _ scope: TypeScope) -> Bool {
        guard let root = expression.root else { return true }
        var problems: [PositionedProblem] = []
        collectAvailability(root, site: site, into: &problems)
        if problems.isEmpty { problems = typing.problems(in: root, scope) }
        for problem in problems { report(problem, offset: offset, in: value) }
        return problems.isEmpty
    }

    /// Contexts and functions that do not exist at all, or not at this site.
    private func collectAvailability(_ node: ExpressionNode, site: ExpressionSite, into problems: inout [PositionedProblem]) {
        switch node.kind {
        case .context(let name):
            let folded = name.lowercased()
            if !ExpressionSite.allContexts.contains(folded) {
                problems.append(PositionedProblem(
                    "undefined context \"\(name)\"; the contexts are \(Self.list(ExpressionSite.allContexts))",
                    at: node.position))
            } else if !site.contexts.contains(folded) {
                let available = site.contexts.isEmpty ? "no context" : Self.list(site.contexts)
                problems.append(PositionedProblem(
                    "context \"\(name)\" is not available in \(site.rawValue); available there: \(available)",
                    at: node.position))
            }
        case .call(let function, _) where !site.functions.contains(function):
            problems.append(PositionedProblem(
                "\(function.rawValue)() cannot be called in \(site.rawValue); it works only in "
                + ExpressionSite.sites(allowing: function).joined(separator: ", "), at: node.position))
        default:
            break
        }
        for child in node.kind.children { collectAvailability(child, site: site, into: &problems) }
    }

    private mutating func report(_ error: ExpressionError, in value: Located<String>) {
        findings.append(Finding(message: "\(error.kind.rawValue) error in expression: \(error.message)",
                                location: positions.location(ofOffset: error.position ?? 1, in: value)))
    }

    private mutating func report(_ problem: PositionedProblem, offset: Int, in value: Located<String>) {
        findings.append(Finding(message: problem.message,
                                location: positions.location(ofOffset: offset + problem.position - 1, in: value)))
    }

    static func list(_ names: Set<String>) -> String {
        names.sorted().joined(separator: ", ")
    }
}

/// A finding inside one expression, at a 1-based position in its text.
struct PositionedProblem {
    var message: String
    var position: Int

    init(_ message: String, at position: Int) {
        self.message = message
        self.position = position
    }
}

extension ExpressionSite {
    /// Where a lone `${{ x }}` keeps x's type (a number, a list); elsewhere every value ends up as text, so an
    /// object or array there prints as "Object" or "Array".
    var keepsValueType: Bool {
        switch self {
        case .stepRun, .stepName, .jobName, .runName, .stepShell, .stepWorkingDirectory: return false
        default: return true
        }
    }
}
