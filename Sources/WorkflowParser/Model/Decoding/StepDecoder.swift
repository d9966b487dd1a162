/// Decodes one entry of `steps:`.
struct StepDecoder {
    let reader: ModelReader

    static let keys = ["id", "name", "if", "uses", "run", "shell", "with", "env", "working-directory",
                       "continue-on-error", "timeout-minutes"]

    func decode(_ node: YAMLNode) -> Step? {
        guard let pairs = reader.mapping(node, "a step", allowedKeys: Self.keys) else { return nil }
        var step = Step(node: node)
        for pair in pairs {
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
            case "timeout-minutes": step.timeoutMinutes = reader.number(value, "timeout-minutes")
            default: break
            }
        }
        step.action = action(node, pairs)
        return step
    }

    /// Exactly one of `run` and `uses`; `shell` belongs to `run`, `with` to `uses`.
    private func action(_ node: YAMLNode, _ pairs: [YAMLPair]) -> Step.Action? {
        switch (node["run"], node["uses"]) {
        case (let run?, nil):
            if let with = pairs.first(where: { $0.name == "with" }) {
                reader.report("with: is only for steps that use an action; a run: step takes env: instead",
                              at: with.key.location)
            }
            return reader.string(run, "run").map(Step.Action.run)
        case (nil, let uses?):
            if let shell = pairs.first(where: { $0.name == "shell" }) {
                reader.report("shell: is only for run: steps", at: shell.key.location)
            }
            guard let text = reader.nonEmptyString(uses, "uses") else { return nil }
            do {
                return .uses(text, try ActionReference.parse(text.value))
            } catch {
                reader.report(error.message, at: text.location)
                return .uses(text, nil)
            }
        case (_?, _?):
            reader.report("a step has both run: and uses:; split it into two steps", at: node.location)
            return nil
        case (nil, nil):
            reader.report("a step needs run: (a script) or uses: (an action)", at: node.location)
            return nil
        }
    }
}
