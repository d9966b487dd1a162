/// A job: either steps that run on a runner, or a call of a reusable workflow (`uses:`).
public struct Job: Sendable {
    public var id: Located<String>
    public var name: Located<String>?
    public var needs: [Located<String>] = []
    public var runsOn: RunsOn?
    public var condition: Located<String>?
    public var env: Expressible<[KeyValue]>?
    public var defaults: RunDefaults?
    public var strategy: Strategy?
    public var container: Container?
    public var services: Expressible<[Service]>?
    public var outputs: [KeyValue] = []
    public var timeoutMinutes: Expressible<Double>?
    public var continueOnError: Expressible<Bool>?
    public var concurrency: Concurrency?
    public var permissions: Permissions?
    public var environment: DeploymentEnvironment?
    public var steps: [Step] = []
    /// `snapshot:`: GitHub's custom runner images; Forgejo ignores it, lint checks its shape.
    public var snapshot: Snapshot?
    /// Set when the job calls a reusable workflow instead of running steps.
    public var call: ReusableWorkflowCall?
    /// The job's mapping, for checks that need the raw shape.
    public var node: YAMLNode

    public init(id: Located<String>, node: YAMLNode) {
        self.id = id
        self.node = node
    }

    /// The step with `id` (step ids compare without case).
    public func step(_ id: String) -> Step? {
        steps.first { $0.id?.value.lowercased() == id.lowercased() }
    }
}

/// `runs-on:`: labels a runner must all have, optionally in a runner group. A label may be a `${{ }}` template,
/// and a single expression may yield a whole list of labels.
public struct RunsOn: Sendable, Equatable {
    public var labels: [Located<String>]
    public var group: Located<String>?
    public var location: SourceLocation
}

/// `snapshot:` of a job: the image to save the runner's machine as.
public struct Snapshot: Sendable, Equatable {
    /// Nil only in a malformed snapshot (a problem says so).
    public var imageName: Located<String>?
    public var version: Located<String>?
    public var condition: Located<String>?
}

/// `environment:` as a name, or a mapping with a name and a URL.
public struct DeploymentEnvironment: Sendable, Equatable {
    public var name: Located<String>
    public var url: Located<String>?
}

/// `jobs.<id>.uses`: a call of a reusable workflow with its inputs and secrets.
public struct ReusableWorkflowCall: Sendable {
    public var uses: Located<String>
    /// Nil when `uses` is not a valid reusable-workflow reference (a problem says why).
    public var reference: ReusableWorkflowReference?
    public var inputs: [KeyNode] = []
    public var secrets: CallSecrets?
}

/// `secrets:` of a call: `inherit` passes every secret of the caller; a mapping passes the named ones.
public enum CallSecrets: Sendable {
    case inherit(SourceLocation)
    case explicit([KeyValue])
}
