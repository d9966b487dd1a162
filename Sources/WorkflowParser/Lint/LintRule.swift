/// A lint rule: one file each under Rules/. The linter walks a workflow once and calls each rule's hooks,
/// workflow first, then every job and every step in file order; rules keep no state between calls.
public protocol LintRule: Sendable {
    static var id: RuleID { get }
    /// One line for `lint --list-rules`: what the rule catches.
    static var summary: String { get }

    func check(_ workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink)
    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink)
    func check(_ step: Step, at index: Int, of job: Job, in context: LintContext, into sink: inout DiagnosticSink)
}

extension LintRule {
    public func check(_ workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {}
    public func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {}
    public func check(_ step: Step, at index: Int, of job: Job, in context: LintContext,
                      into sink: inout DiagnosticSink) {}
}

/// What rules may know beyond the file: the Forgejo profile, the runner's labels, and the local reusable
/// workflows and actions the file refers to (read by the linter before the rules run).
public struct LintContext: Sendable {
    public var profile: ForgejoProfile
    /// The labels of the configured runner; nil when none were given (the runner-label rule then stays quiet).
    public var runnerLabels: [String]?
    /// Local reusable workflows by their `uses:` text (`./.forgejo/workflows/x.yml`); nil value: unreadable.
    public var localWorkflows: [String: LocalFile<Workflow>] = [:]
    /// Local actions by their folder as written after `./`.
    public var localActions: [String: LocalFile<ActionManifest>] = [:]

    public init(profile: ForgejoProfile = .default, runnerLabels: [String]? = nil) {
        self.profile = profile
        self.runnerLabels = runnerLabels
    }
}

/// A file of the project that a workflow refers to: loaded, or why not.
public enum LocalFile<Value: Sendable>: Sendable {
    case loaded(Value)
    case missing(String)
    case invalid([ModelProblem])

    public var value: Value? {
        if case .loaded(let value) = self { return value }
        return nil
    }
}
