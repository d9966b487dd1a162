/// Decodes one entry of `steps:`.
struct StepDecoder {
    let reader: ModelReader

    static let commonKeys = ["id", "name", "if", "env", "continue-on-error", "timeout-minutes"]
    /// A `run:` step: a script, its shell and where it runs.
    static let runKeys = commonKeys + ["run", "shell", "working-directory"]
    /// A `uses:` step: an action and its inputs.
    static let usesKeys = commonKeys + ["uses", "with"]

    func decode(_ node: YAMLNode) -> Step? {
        if let scalar = node.scalar, scalar.value == .null {
            reader.report("a step must not be empty; remove it or give it run: or uses:", at: node.location)
            return nil
        }
        guard let pairs = reader.mapping(node, "a step") else { return nil }
        // When both run: and uses: are given, the later one decides what the step is and the other is the mistake.
        let kind = pairs.last { $0.name == "run" || $0.name == "uses" }?.name
        let allowed = kind == "run" ? Self.runKeys : kind == "uses" ? Self.usesKeys : Self.runKeys + ["uses", "with"]
        let what = kind == "run" ? "a run: step" : kind == "uses" ? "a uses: step" : "a step"
        // Without run: or uses: the step's kind is unknown, so only that is reported, not every other key.
        for pair in pairs where kind != nil && !allowed.contains(pair.name) {
            reader.report("unknown key \"\(pair.name)\" in \(what); expected one of: \(allowed.joined(separator: ", "))",
                          at: pair.key.location)
        }
        var step = Step(node: node)
        for pair in pairs where allowed.contains(pair.name) {
            let value = pair.value
            switch pair.name {
            case "id": step.id = reader.nonEmptyString(value, "step id")
            case "name": step.name = reader.string(value, "step name")
            case "if": step.condition = reader.string(value, "if")
            case "shell": step.shell = reader.nonEmptyString(value, "shell")
            case "with": step.with = reader.keyValues(value, "with")
            case "env": step.env = reader.env(value, "env")
            case "working-directory": step.workingDirectory = reader.nonEmptyString(value, "working-directory")
            case "continue-on-error": step.continueOnError = reader.bool(value, "continue-on-error")
            case "timeout-minutes": step.timeoutMinutes = reader.positiveNumber(value, "timeout-minutes")
            case "run": step.action = reader.string(value, "run").map(Step.Action.run)
            case "uses": step.action = uses(value)
            default: break
            }
        }
        if kind == nil { reader.report("a step needs run: (a script) or uses: (an action)", at: node.location) }
        return step
    }

    private func uses(_ node: YAMLNode) -> Step.Action? {
        guard let text = reader.nonEmptyString(node, "uses") else { return nil }
        do {
            return .uses(text, try ActionReference.parse(text.value))
        } catch {
            reader.report(error.message, at: text.location, category: .actionReference)
            return .uses(text, nil)
        }
    }
}
