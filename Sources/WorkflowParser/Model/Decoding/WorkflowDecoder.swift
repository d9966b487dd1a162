/// Decodes the top level of a workflow and its `on:` section.
struct WorkflowDecoder {
    let reader: ModelReader

    static let topLevelKeys = ["name", "run-name", "on", "env", "defaults", "permissions", "concurrency", "jobs"]

    func decode(_ root: YAMLNode, file: String) -> Workflow? {
        guard let pairs = reader.mapping(root, "a workflow", allowedKeys: Self.topLevelKeys) else { return nil }
        reader.require(["on", "jobs"], in: pairs, of: root, "the workflow")
        var workflow = Workflow(file: file, triggers: [], jobs: [], root: root)
        let shared = SharedDecoder(reader: reader)
        for pair in pairs {
            let value = pair.value
            switch pair.name {
            case "name": workflow.name = reader.string(value, "name")
            case "run-name": workflow.runName = reader.string(value, "run-name")
            case "on": workflow.triggers = decodeTriggers(value)
            case "env": workflow.env = reader.env(value, "env")
            case "defaults": workflow.defaults = shared.defaults(value)
            case "permissions": workflow.permissions = shared.permissions(value)
            case "concurrency": workflow.concurrency = shared.concurrency(value)
            case "jobs": workflow.jobs = decodeJobs(value)
            default: break
            }
        }
        return workflow
    }

    private func decodeJobs(_ node: YAMLNode) -> [Job] {
        guard let pairs = reader.mapping(node, "jobs") else { return [] }
        if pairs.isEmpty { reader.report("jobs must name at least one job", at: node.location) }
        let decoder = JobDecoder(reader: reader)
        return pairs.compactMap { decoder.decode(id: Located(pair: $0), $0.value) }
    }

    // MARK: on:

    /// `on: push`, `on: [push, pull_request]` or a mapping of events to their filters.
    private func decodeTriggers(_ node: YAMLNode) -> [EventTrigger] {
        switch node.content {
        case .scalar(let scalar) where scalar.value == .null:
            reader.report("on: names no event; write at least one, e.g. on: push", at: node.location)
            return []
        case .scalar:
            return reader.nonEmptyString(node, "on").map { [EventTrigger(event: $0)] } ?? []
        case .sequence(let items):
            return items.compactMap { reader.nonEmptyString($0, "each event of on") }.map(EventTrigger.init)
        case .mapping(let pairs):
            return pairs.map { decodeTrigger(event: Located(pair: $0), $0.value) }
        }
    }

    private func decodeTrigger(event: Located<String>, _ node: YAMLNode) -> EventTrigger {
        var trigger = EventTrigger(event: event)
        if event.value == "schedule" {
            trigger.cronSchedules = decodeSchedule(node)
            return trigger
        }
        if node.scalar?.value == .null { return trigger }  // `push:` with nothing under it
        let what = "the \(event.value) event"
        guard let pairs = reader.mapping(node, what, allowedKeys: EventSchema.keys(of: event.value)) else {
            return trigger
        }
        let definitions = DefinitionDecoder(reader: reader, event: event.value)
        for pair in pairs {
            switch pair.name {
            case "types": trigger.types = reader.stringList(pair.value, "types of \(what)")
            case "inputs": trigger.inputs = definitions.inputs(pair.value)
            case "secrets": trigger.secrets = definitions.secrets(pair.value)
            case "outputs": trigger.outputs = definitions.outputs(pair.value)
            default:
                let patterns = reader.stringList(pair.value, "\(pair.name) of \(what)")
                trigger.filters.append(EventFilter(name: Located(pair: pair), patterns: patterns))
            }
        }
        return trigger
    }

    /// `schedule:` is a list of `- cron: '...'` entries.
    private func decodeSchedule(_ node: YAMLNode) -> [CronSchedule] {
        guard let items = node.sequence else {
            reader.report("schedule must be a list of `- cron: '...'` entries, found \(node.kindDescription)",
                          at: node.location)
            return []
        }
        return items.compactMap { item in
            guard let pairs = reader.mapping(item, "each schedule entry", allowedKeys: ["cron", "timezone"]) else {
                return nil
            }
            reader.require(["cron"], in: pairs, of: item, "a schedule entry")
            guard let cron = item["cron"].flatMap({ reader.string($0, "cron") }) else { return nil }
            return CronSchedule(cron: cron, timezone: item["timezone"].flatMap { reader.nonEmptyString($0, "timezone") })
        }
    }
}

extension Located<String> {
    /// A mapping key as a located string.
    init(pair: YAMLPair) {
        self.init(pair.name, at: pair.key.location)
    }
}
