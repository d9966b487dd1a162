/// Decodes `jobs.<id>`: a job of steps, or a call of a reusable workflow.
struct JobDecoder {
    let reader: ModelReader

    static let stepJobKeys = [
        "name", "needs", "runs-on", "if", "env", "defaults", "strategy", "container", "services", "outputs",
        "timeout-minutes", "continue-on-error", "concurrency", "permissions", "environment", "steps", "snapshot",
    ]
    /// A call job takes `runs-on` too: Forgejo 11 schedules a call only when it has one.
    static let callJobKeys = ["name", "needs", "runs-on", "if", "uses", "with", "secrets", "strategy", "concurrency",
                              "permissions"]

    func decode(id: Located<String>, _ node: YAMLNode) -> Job? {
        let isCall = node["uses"] != nil
        let what = "job \"\(id.value)\""
        guard let pairs = reader.mapping(node, what, allowedKeys: isCall ? Self.callJobKeys : Self.stepJobKeys) else {
            return nil
        }
        var job = Job(id: id, node: node)
        let shared = SharedDecoder(reader: reader)
        for pair in pairs {
            let value = pair.value
            switch pair.name {
            case "name": job.name = reader.string(value, "name of \(what)")
            case "needs": job.needs = reader.stringList(value, "needs of \(what)")
            case "runs-on": job.runsOn = runsOn(value, what)
            case "if": job.condition = reader.string(value, "if of \(what)")
            case "env": job.env = reader.env(value, "env of \(what)")
            case "defaults": job.defaults = shared.defaults(value)
            case "strategy": job.strategy = StrategyDecoder(reader: reader).decode(value, what)
            case "container": job.container = shared.container(value, key: pair.key.location, "container of \(what)")
            case "services": job.services = services(value, what)
            case "outputs": job.outputs = reader.keyValues(value, "outputs of \(what)")
            case "timeout-minutes": job.timeoutMinutes = reader.positiveNumber(value, "timeout-minutes")
            case "continue-on-error": job.continueOnError = reader.bool(value, "continue-on-error")
            case "concurrency": job.concurrency = shared.concurrency(value)
            case "permissions": job.permissions = shared.permissions(value)
            case "environment": job.environment = environment(value)
            case "steps": job.steps = steps(value, what)
            case "snapshot": job.snapshot = snapshot(value, key: pair.key.location)
            default: break
            }
        }
        if isCall {
            job.call = call(node, what)
        } else {
            if job.runsOn == nil {
                reader.report("\(what) has no runs-on: say which runner labels it needs (e.g. runs-on: docker)",
                              at: id.location)
            }
            if node["steps"] == nil || node["steps"]?.scalar?.value == .null {
                reader.report("\(what) has no steps", at: id.location)
            }
        }
        return job
    }

    /// `runs-on: label`, `[a, b]`, `${{ expr }}` or `{group, labels}`.
    private func runsOn(_ node: YAMLNode, _ what: String) -> RunsOn? {
        guard node.mapping != nil else {
            return RunsOn(labels: reader.stringList(node, "runs-on of \(what)"), location: node.location)
        }
        guard let pairs = reader.mapping(node, "runs-on of \(what)", allowedKeys: ["group", "labels"]) else { return nil }
        var runsOn = RunsOn(labels: [], location: node.location)
        for pair in pairs {
            if pair.name == "group" { runsOn.group = reader.nonEmptyString(pair.value, "runs-on.group") }
            if pair.name == "labels" { runsOn.labels = reader.stringList(pair.value, "runs-on.labels") }
        }
        return runsOn
    }

    private func services(_ node: YAMLNode, _ what: String) -> Expressible<[Service]>? {
        if let expression = reader.expression(node) { return .expression(expression) }
        guard let pairs = reader.mapping(node, "services of \(what)") else { return nil }
        reader.checkUniqueIgnoringCase(pairs, "services of \(what)")
        let shared = SharedDecoder(reader: reader)
        let services = pairs.compactMap { pair in
            shared.container(pair.value, key: pair.key.location, "service \"\(pair.name)\"", isService: true).map {
                Service(name: Located(pair: pair), container: $0)
            }
        }
        return .value(Located(services, at: node.location))
    }

    /// `snapshot: image-name` or `{image-name, version, if}`: save the job's machine as a custom image.
    private func snapshot(_ node: YAMLNode, key: SourceLocation) -> Snapshot? {
        if node.scalar != nil { return reader.nonEmptyString(node, "snapshot").map { Snapshot(imageName: $0) } }
        guard node.mapping != nil else {
            reader.report("snapshot must be an image name or a mapping, found \(node.kindDescription)", at: node.location)
            return nil
        }
        guard let pairs = reader.mapping(node, "snapshot", allowedKeys: ["image-name", "version", "if"]) else { return nil }
        reader.require(["image-name"], in: pairs, at: key, "snapshot")
        let version = node["version"].flatMap { reader.nonEmptyString($0, "snapshot.version") }
        let condition = node["if"].flatMap { reader.string($0, "snapshot.if") }
        let imageName = node["image-name"].flatMap { reader.nonEmptyString($0, "snapshot.image-name") }
        return Snapshot(imageName: imageName, version: version, condition: condition)
    }

    private func environment(_ node: YAMLNode) -> DeploymentEnvironment? {
        if node.scalar != nil { return reader.nonEmptyString(node, "environment").map { DeploymentEnvironment(name: $0) } }
        guard let pairs = reader.mapping(node, "environment", allowedKeys: ["name", "url", "deployment"]) else { return nil }
        reader.require(["name"], in: pairs, of: node, "environment")
        guard let name = node["name"].flatMap({ reader.nonEmptyString($0, "environment.name") }) else { return nil }
        return DeploymentEnvironment(name: name, url: node["url"].flatMap { reader.string($0, "environment.url") })
    }

    private func steps(_ node: YAMLNode, _ what: String) -> [Step] {
        guard let items = node.sequence else {
            reader.report("steps of \(what) must be a sequence, found \(node.kindDescription)", at: node.location)
            return []
        }
        if items.isEmpty { reader.report("\(what) has an empty steps list", at: node.location) }
        let decoder = StepDecoder(reader: reader)
        return items.compactMap(decoder.decode)
    }

    private func call(_ node: YAMLNode, _ what: String) -> ReusableWorkflowCall? {
        guard let uses = node["uses"].flatMap({ reader.nonEmptyString($0, "uses of \(what)") }) else { return nil }
        var call = ReusableWorkflowCall(uses: uses)
        // GitHub refuses `${{ }}` in uses:, but it is no reference to judge here: lint reports it.
        if !uses.value.containsExpression {
            do {
                call.reference = try ReusableWorkflowReference.parse(uses.value)
            } catch {
                reader.report(error.message, at: uses.location, category: .workflowReference)
            }
        }
        if let with = node["with"], let pairs = reader.mapping(with, "with of \(what)") {
            reader.checkUniqueIgnoringCase(pairs, "with of \(what)")
            call.inputs = pairs.map { KeyNode(key: Located(pair: $0), value: $0.value) }
        }
        if let secrets = node["secrets"] {
            if secrets.scalar?.text == "inherit" {
                call.secrets = .inherit(secrets.location)
            } else if secrets.mapping != nil {
                call.secrets = .explicit(reader.keyValues(secrets, "secrets of \(what)"))
            } else {
                reader.report("secrets of \(what) must be `inherit` or a mapping, found \(secrets.kindDescription)",
                              at: secrets.location)
            }
        }
        return call
    }
}

extension Concurrency {
    init(group: Located<String>) {
        self.group = group
    }
}

extension DeploymentEnvironment {
    init(name: Located<String>) {
        self.name = name
    }
}

extension ReusableWorkflowCall {
    init(uses: Located<String>) {
        self.uses = uses
    }
}
