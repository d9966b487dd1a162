/// `inputs`, `secrets` and `outputs` declared under `workflow_dispatch` or `workflow_call`.
struct DefinitionDecoder {
    let reader: ModelReader
    let event: String

    private var isCall: Bool { event == "workflow_call" }

    func inputs(_ node: YAMLNode) -> [InputDefinition] {
        let keys = isCall
            ? ["description", "required", "default", "type", "deprecationMessage"]
            : ["description", "required", "default", "type", "options", "deprecationMessage"]
        return named(node, "inputs") { name, value in
            var input = InputDefinition(name: name)
            guard let pairs = reader.mapping(value, "input \"\(name.value)\"", allowedKeys: keys) else { return input }
            if isCall { reader.require(["type"], in: pairs, of: value, "input \"\(name.value)\" of workflow_call") }
            for pair in pairs {
                switch pair.name {
                case "description": input.description = reader.string(pair.value, "description")
                case "required": input.required = reader.bool(pair.value, "required")
                case "default": input.defaultValue = pair.value
                case "type": input.type = inputType(pair.value)
                case "options": input.options = reader.sequenceOfStrings(pair.value, "options")
                case "deprecationMessage": input.deprecationMessage = reader.string(pair.value, "deprecationMessage")
                default: break
                }
            }
            return input
        }
    }

    /// Types a workflow_call input may have are fewer than those of workflow_dispatch.
    private func inputType(_ node: YAMLNode) -> Located<InputDefinition.InputType>? {
        guard let text = reader.string(node, "type") else { return nil }
        let allowed: [InputDefinition.InputType] = isCall ? [.string, .boolean, .number] : InputDefinition.InputType.allCases
        guard let type = InputDefinition.InputType(rawValue: text.value), allowed.contains(type) else {
            reader.report("input type \"\(text.value)\" is not one of \(allowed.map(\.rawValue).joined(separator: ", ")) "
                          + "for \(event)", at: node.location)
            return nil
        }
        return Located(type, at: node.location)
    }

    func secrets(_ node: YAMLNode) -> [SecretDefinition] {
        named(node, "secrets") { name, value in
            var secret = SecretDefinition(name: name)
            guard reader.mapping(value, "secret \"\(name.value)\"", allowedKeys: ["description", "required"]) != nil else {
                return secret
            }
            secret.description = value["description"].flatMap { reader.string($0, "description") }
            secret.required = value["required"].flatMap { reader.bool($0, "required") }
            return secret
        }
    }

    func outputs(_ node: YAMLNode) -> [WorkflowOutputDefinition] {
        named(node, "outputs") { name, value in
            var output = WorkflowOutputDefinition(name: name)
            guard let pairs = reader.mapping(value, "output \"\(name.value)\"", allowedKeys: ["description", "value"]) else {
                return output
            }
            reader.require(["value"], in: pairs, of: value, "output \"\(name.value)\"")
            output.description = value["description"].flatMap { reader.string($0, "description") }
            output.value = value["value"].flatMap { reader.string($0, "value") }
            return output
        }
    }

    /// A mapping of names to definitions; `name:` with nothing under it is a definition with no settings.
    private func named<Definition>(_ node: YAMLNode, _ what: String,
                                   _ decode: (Located<String>, YAMLNode) -> Definition) -> [Definition] {
        if node.scalar?.value == .null { return [] }
        guard let pairs = reader.mapping(node, "\(what) of \(event)") else { return [] }
        reader.checkUniqueIgnoringCase(pairs, "\(what) of \(event)")
        return pairs.map { pair in
            let value = pair.value.scalar?.value == .null ? YAMLNode(.mapping([]), at: pair.value.location) : pair.value
            return decode(Located(pair: pair), value)
        }
    }
}

extension InputDefinition {
    init(name: Located<String>) {
        self.name = name
    }
}

extension SecretDefinition {
    init(name: Located<String>) {
        self.name = name
    }
}

extension WorkflowOutputDefinition {
    init(name: Located<String>) {
        self.name = name
    }
}
