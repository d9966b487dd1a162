/// Sections that appear both at workflow and at job level: `defaults`, `permissions`, `concurrency`.
struct SharedDecoder {
    let reader: ModelReader

    func defaults(_ node: YAMLNode) -> RunDefaults? {
        guard let pairs = reader.mapping(node, "defaults", allowedKeys: ["run"]),
              let run = pairs.first(where: { $0.name == "run" })?.value,
              let runPairs = reader.mapping(run, "defaults.run", allowedKeys: ["shell", "working-directory"]) else {
            return nil
        }
        var defaults = RunDefaults()
        for pair in runPairs {
            if pair.name == "shell" { defaults.shell = reader.nonEmptyString(pair.value, "shell") }
            if pair.name == "working-directory" {
                defaults.workingDirectory = reader.nonEmptyString(pair.value, "working-directory")
            }
        }
        return defaults
    }

    func permissions(_ node: YAMLNode) -> Permissions? {
        if node.scalar != nil { return reader.string(node, "permissions").map(Permissions.all) }
        guard node.mapping != nil else {
            reader.report("permissions must be read-all, write-all or a mapping of scopes, found "
                          + node.kindDescription, at: node.location)
            return nil
        }
        return .scopes(reader.keyValues(node, "permissions"))
    }

    func concurrency(_ node: YAMLNode) -> Concurrency? {
        if node.scalar != nil { return reader.nonEmptyString(node, "concurrency").map { Concurrency(group: $0) } }
        guard let pairs = reader.mapping(node, "concurrency", allowedKeys: ["group", "cancel-in-progress"]) else {
            return nil
        }
        reader.require(["group"], in: pairs, of: node, "concurrency")
        guard let group = node["group"].flatMap({ reader.nonEmptyString($0, "concurrency.group") }) else { return nil }
        return Concurrency(group: group,
                           cancelInProgress: node["cancel-in-progress"].flatMap { reader.bool($0, "cancel-in-progress") })
    }

    static let containerKeys = ["image", "credentials", "env", "ports", "volumes", "options", "entrypoint", "command"]

    /// `container: image` or a mapping; `what` is "container" or "service \"redis\"".
    func container(_ node: YAMLNode, _ what: String) -> Container? {
        if node.scalar?.value == .null { return nil }
        if node.scalar != nil {
            return reader.nonEmptyString(node, "the image of \(what)").map { Container(image: $0, location: node.location) }
        }
        guard let pairs = reader.mapping(node, what, allowedKeys: Self.containerKeys) else { return nil }
        reader.require(["image"], in: pairs, of: node, what)
        guard let image = node["image"].flatMap({ reader.nonEmptyString($0, "the image of \(what)") }) else {
            return nil
        }
        var container = Container(image: image, location: node.location)
        for pair in pairs {
            let value = pair.value
            switch pair.name {
            case "credentials": container.credentials = credentials(value, what)
            case "env": container.env = reader.env(value, "env of \(what)")
            case "ports": container.ports = reader.sequenceOfStrings(value, "ports of \(what)")
            case "volumes": container.volumes = reader.sequenceOfStrings(value, "volumes of \(what)")
            case "options": container.options = reader.string(value, "options of \(what)")
            case "entrypoint": container.entrypoint = reader.string(value, "entrypoint of \(what)")
            case "command": container.command = reader.string(value, "command of \(what)")
            default: break
            }
        }
        return container
    }

    private func credentials(_ node: YAMLNode, _ what: String) -> Expressible<Container.Credentials>? {
        if let expression = reader.expression(node) { return .expression(expression) }
        guard reader.mapping(node, "credentials of \(what)", allowedKeys: ["username", "password"]) != nil else {
            return nil
        }
        let credentials = Container.Credentials(
            username: node["username"].flatMap { reader.string($0, "credentials.username") },
            password: node["password"].flatMap { reader.string($0, "credentials.password") })
        return .value(Located(credentials, at: node.location))
    }
}
