/// Text in, `ActionManifest` out, with every problem collected as for workflows.
public struct ActionManifestLoader: Sendable {
    public var limits: YAMLLimits

    /// The names an action's manifest may have, in the order a runner looks for them.
    public static let fileNames = ["action.yml", "action.yaml"]

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    public func parse(_ text: String, file: String) -> (manifest: ActionManifest?, problems: [ModelProblem]) {
        let root: YAMLNode?
        do {
            root = try YAMLLoader(limits: limits).load(text, file: file)
        } catch {
            return (nil, [ModelProblem(error)])
        }
        guard let root else {
            return (nil, [ModelProblem("the action manifest is empty; it needs at least `runs:`",
                                       at: SourceLocation(file: file, line: 1, column: 1))])
        }
        let reader = ModelReader()
        let manifest = ActionManifestDecoder(reader: reader).decode(root, file: file)
        return (manifest, reader.problems)
    }

    public func load(_ text: String, file: String) throws(WorkflowLoadError) -> ActionManifest {
        let (manifest, problems) = parse(text, file: file)
        guard let manifest, problems.isEmpty else { throw WorkflowLoadError(problems: problems) }
        return manifest
    }
}

struct ActionManifestDecoder {
    let reader: ModelReader

    static let keys = ["name", "author", "description", "inputs", "outputs", "runs", "branding"]

    func decode(_ root: YAMLNode, file: String) -> ActionManifest? {
        guard let pairs = reader.mapping(root, "an action manifest", allowedKeys: Self.keys) else { return nil }
        reader.require(["runs"], in: pairs, of: root, "the action manifest")
        var manifest = ActionManifest(file: file)
        for pair in pairs {
            switch pair.name {
            case "name": manifest.name = reader.string(pair.value, "name")
            case "description": manifest.description = reader.string(pair.value, "description")
            case "inputs": manifest.inputs = inputs(pair.value)
            case "outputs": manifest.outputs = outputs(pair.value)
            case "runs": manifest.runs = runs(pair.value)
            default: break
            }
        }
        return manifest
    }

    private func inputs(_ node: YAMLNode) -> [ActionInput] {
        guard let pairs = reader.mapping(node, "inputs") else { return [] }
        let keys = ["description", "required", "default", "deprecationMessage"]
        return pairs.map { pair in
            var input = ActionInput(name: Located(pair: pair))
            guard pair.value.scalar?.value != .null,
                  reader.mapping(pair.value, "input \"\(pair.name)\"", allowedKeys: keys) != nil else { return input }
            let value = pair.value
            input.description = value["description"].flatMap { reader.string($0, "description") }
            input.defaultValue = value["default"].flatMap { reader.string($0, "default") }
            input.required = value["required"].flatMap { reader.bool($0, "required") }
            input.deprecationMessage = value["deprecationMessage"].flatMap { reader.string($0, "deprecationMessage") }
            return input
        }
    }

    private func outputs(_ node: YAMLNode) -> [ActionOutput] {
        guard let pairs = reader.mapping(node, "outputs") else { return [] }
        return pairs.map { pair in
            var output = ActionOutput(name: Located(pair: pair))
            guard pair.value.scalar?.value != .null,
                  reader.mapping(pair.value, "output \"\(pair.name)\"", allowedKeys: ["description", "value"]) != nil
            else { return output }
            output.description = pair.value["description"].flatMap { reader.string($0, "description") }
            output.value = pair.value["value"].flatMap { reader.string($0, "value") }
            return output
        }
    }

    private func runs(_ node: YAMLNode) -> ActionRuns? {
        guard let pairs = reader.mapping(node, "runs") else { return nil }
        reader.require(["using"], in: pairs, of: node, "runs")
        guard let using = node["using"].flatMap({ reader.string($0, "runs.using") }) else { return nil }
        switch using.value {
        case "composite":
            _ = reader.mapping(node, "runs of a composite action", allowedKeys: ["using", "steps"])
            reader.require(["steps"], in: pairs, of: node, "runs of a composite action")
            guard let items = node["steps"] else { return nil }
            guard let steps = items.sequence else {
                reader.report("runs.steps must be a sequence, found \(items.kindDescription)", at: items.location)
                return nil
            }
            return .composite(steps: steps.compactMap(StepDecoder(reader: reader).decode))
        case "docker":
            return docker(node, pairs)
        default:
            guard let runtime = NodeRuns.Runtime(rawValue: using.value) else {
                reader.report("runs.using \"\(using.value)\" is not one of composite, docker, "
                              + NodeRuns.Runtime.allCases.map(\.rawValue).joined(separator: ", "), at: using.location)
                return nil
            }
            return javaScript(Located(runtime, at: using.location), node, pairs)
        }
    }

    private func javaScript(_ runtime: Located<NodeRuns.Runtime>, _ node: YAMLNode, _ pairs: [YAMLPair]) -> ActionRuns? {
        _ = reader.mapping(node, "runs of a JavaScript action",
                           allowedKeys: ["using", "main", "pre", "pre-if", "post", "post-if"])
        reader.require(["main"], in: pairs, of: node, "runs of a JavaScript action")
        guard let main = node["main"].flatMap({ reader.nonEmptyString($0, "runs.main") }) else { return nil }
        let optional = { (key: String) in node[key].flatMap { reader.string($0, "runs.\(key)") } }
        return .node(NodeRuns(runtime: runtime, main: main, pre: optional("pre"), preIf: optional("pre-if"),
                              post: optional("post"), postIf: optional("post-if")))
    }

    private func docker(_ node: YAMLNode, _ pairs: [YAMLPair]) -> ActionRuns? {
        _ = reader.mapping(node, "runs of a container action", allowedKeys: [
            "using", "image", "entrypoint", "pre-entrypoint", "post-entrypoint", "args", "env", "pre-if", "post-if",
        ])
        reader.require(["image"], in: pairs, of: node, "runs of a container action")
        guard let image = node["image"].flatMap({ reader.nonEmptyString($0, "runs.image") }) else { return nil }
        let optional = { (key: String) in node[key].flatMap { reader.string($0, "runs.\(key)") } }
        var runs = DockerRuns(image: image, entrypoint: optional("entrypoint"),
                              preEntrypoint: optional("pre-entrypoint"), postEntrypoint: optional("post-entrypoint"))
        runs.args = node["args"].map { reader.sequenceOfStrings($0, "runs.args") } ?? []
        runs.env = node["env"].map { reader.keyValues($0, "runs.env") } ?? []
        return .docker(runs)
    }
}

extension ActionManifest {
    init(file: String) {
        self.file = file
    }
}

extension ActionInput {
    init(name: Located<String>) {
        self.name = name
    }
}

extension ActionOutput {
    init(name: Located<String>) {
        self.name = name
    }
}
