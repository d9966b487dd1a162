/// Runs every rule over a workflow in one walk and returns the findings sorted and without duplicates.
public struct Linter: Sendable {
    public var rules: [any LintRule]
    public var profile: ForgejoProfile
    public var runnerLabels: [String]?
    public var project: (any ProjectFiles)?

    public init(rules: [any LintRule] = Linter.allRules, profile: ForgejoProfile = .default,
                runnerLabels: [String]? = nil, project: (any ProjectFiles)? = nil) {
        self.rules = rules
        self.profile = profile
        self.runnerLabels = runnerLabels
        self.project = project
    }

    /// Lints the text of one workflow file.
    public func lint(_ text: String, file: String) -> [Diagnostic] {
        lint(bytes: Array(text.utf8), file: file)
    }

    public func lint(bytes: [UInt8], file: String) -> [Diagnostic] {
        let parsed = WorkflowLoader().parse(bytes: bytes, file: file)
        var diagnostics = parsed.problems.map { Diagnostic($0.message, at: $0.location, rule: Self.rule(for: $0)) }
        if let workflow = parsed.workflow {
            diagnostics += run(on: workflow, context: context(for: workflow))
        }
        return Array(Set(diagnostics)).sorted()
    }

    private static func rule(for problem: ModelProblem) -> RuleID {
        switch problem.category {
        case .syntax: return .syntaxCheck
        case .actionReference: return .action
        case .workflowReference: return .workflowCall
        }
    }

    private func run(on workflow: Workflow, context: LintContext) -> [Diagnostic] {
        var sinks = rules.map { DiagnosticSink(rule: type(of: $0).id) }
        for (rule, index) in zip(rules, sinks.indices) { rule.check(workflow, in: context, into: &sinks[index]) }
        for job in workflow.jobs {
            for (rule, index) in zip(rules, sinks.indices) { rule.check(job, of: workflow, in: context, into: &sinks[index]) }
            for (position, step) in job.steps.enumerated() {
                for (rule, index) in zip(rules, sinks.indices) {
                    rule.check(step, at: position, of: job, in: context, into: &sinks[index])
                }
            }
        }
        return sinks.flatMap(\.diagnostics)
    }

    /// Reads the local reusable workflows and actions the workflow refers to, once each.
    private func context(for workflow: Workflow) -> LintContext {
        var context = LintContext(profile: profile, runnerLabels: runnerLabels)
        guard let project else { return context }
        for job in workflow.jobs {
            if let call = job.call, case .local(let path)? = call.reference, context.localWorkflows[call.uses.value] == nil {
                context.localWorkflows[call.uses.value] = loadWorkflow(path, from: project)
            }
            for step in job.steps {
                if case .uses(_, .local(let path)?)? = step.action, context.localActions[path] == nil {
                    context.localActions[path] = loadAction(path, from: project)
                }
            }
        }
        return context
    }

    private func loadWorkflow(_ path: String, from project: any ProjectFiles) -> LocalFile<Workflow> {
        guard let text = project.read(path) else { return .missing(path) }
        let parsed = WorkflowLoader().parse(text, file: path)
        guard let workflow = parsed.workflow else { return .invalid(parsed.problems) }
        return .loaded(workflow)
    }

    private func loadAction(_ folder: String, from project: any ProjectFiles) -> LocalFile<ActionManifest> {
        for name in ActionManifestLoader.fileNames {
            let path = folder.isEmpty ? name : "\(folder)/\(name)"
            guard let text = project.read(path) else { continue }
            let (manifest, problems) = ActionManifestLoader().parse(text, file: path)
            guard let manifest else { return .invalid(problems) }
            return .loaded(manifest)
        }
        return .missing("\(folder)/action.yml")
    }
}
