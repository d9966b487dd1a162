/// A step: a `run:` script or a `uses:` action.
public struct Step: Sendable {
    public enum Action: Sendable {
        case run(Located<String>)
        case uses(Located<String>, ActionReference?)
    }

    public var id: Located<String>?
    public var name: Located<String>?
    public var condition: Located<String>?
    /// Nil only when the step is malformed (a problem says so).
    public var action: Action?
    public var shell: Located<String>?
    public var with: [KeyValue] = []
    public var env: Expressible<[KeyValue]>?
    public var workingDirectory: Located<String>?
    public var continueOnError: Expressible<Bool>?
    public var timeoutMinutes: Expressible<Double>?
    public var location: SourceLocation
    public var node: YAMLNode

    public init(node: YAMLNode) {
        self.node = node
        location = node.location
    }

    public var run: Located<String>? {
        if case .run(let script) = action { return script }
        return nil
    }

    public var uses: Located<String>? {
        if case .uses(let text, _) = action { return text }
        return nil
    }
}
