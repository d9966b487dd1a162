/// An `action.yml` / `action.yaml`: what an action takes, what it gives back, and how it runs.
public struct ActionManifest: Sendable {
    public var file: String
    public var name: Located<String>?
    public var description: Located<String>?
    public var inputs: [ActionInput] = []
    public var outputs: [ActionOutput] = []
    public var runs: ActionRuns?

    /// The input named `name`; action input names compare without case, as GitHub does.
    public func input(_ name: String) -> ActionInput? {
        inputs.first { $0.name.value.lowercased() == name.lowercased() }
    }
}

public struct ActionInput: Sendable {
    public var name: Located<String>
    public var description: Located<String>?
    public var defaultValue: Located<String>?
    public var required: Expressible<Bool>?
    public var deprecationMessage: Located<String>?

    /// Required and without a default: a caller that leaves it out is wrong.
    public var mustBeGiven: Bool { (required?.literal ?? false) && defaultValue == nil }
}

public struct ActionOutput: Sendable {
    public var name: Located<String>
    public var description: Located<String>?
    /// Composite actions compute outputs from their steps' outputs.
    public var value: Located<String>?
}

/// `runs:`: a JavaScript action on a node runtime, a composite action, or a container action.
public enum ActionRuns: Sendable {
    case node(NodeRuns)
    case composite(steps: [Step])
    case docker(DockerRuns)
}

public struct NodeRuns: Sendable {
    public enum Runtime: String, Sendable, CaseIterable {
        case node12, node16, node20, node22
    }

    public var runtime: Located<Runtime>
    public var main: Located<String>
    public var pre: Located<String>?
    public var preIf: Located<String>?
    public var post: Located<String>?
    public var postIf: Located<String>?
}

public struct DockerRuns: Sendable {
    /// `Dockerfile` (built by the runner) or `docker://image`.
    public var image: Located<String>
    public var entrypoint: Located<String>?
    public var preEntrypoint: Located<String>?
    public var postEntrypoint: Located<String>?
    public var args: [Located<String>] = []
    public var env: [KeyValue] = []
}
