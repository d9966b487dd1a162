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
        if node.scalar != nil { return reader.nonEmptyString(node, "permissions").map(Permissions.all) }
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

    static let containerKeys = ["image", "credentials", "env", "ports", "volumes", "options"]
    /// Service containers may also replace the image's entrypoint and command.
    static let serviceKeys = containerKeys + ["entrypoint", "command"]

    /// `container: image` or a mapping. `key` is where `container:` or the service's name stands; `what` is
    /// "container of job \"build\"" or "service \"redis\"".
    func container(_ node: YAMLNode, key: SourceLocation, _ what: String, isService: Bool = false) -> Container? {
        if node.scalar != nil {
            return reader.nonEmptyString(node, "the image of \(what)").map { Container(image: $0, location: node.location) }
        }
        let keys = isService ? Self.serviceKeys : Self.containerKeys
        guard let pairs = reader.nonEmptyMapping(node, what, allowedKeys: keys) else { return nil }
        reader.require(["image"], in: pairs, at: key, what)
        var container = Container(image: Located("", at: node.location), location: node.location)
        for pair in pairs {
            let value = pair.value
            switch pair.name {
            case "image": container.image = reader.nonEmptyString(value, "the image of \(what)") ?? container.image
            case "credentials": container.credentials = credentials(value, key: pair.key.location, what)
            case "env": container.env = reader.env(value, "env of \(what)")
            case "ports": container.ports = reader.sequenceOfStrings(value, "ports of \(what)")
            case "volumes": container.volumes = reader.sequenceOfStrings(value, "volumes of \(what)")
            case "options": container.options = reader.string(value, "options of \(what)")
            case "entrypoint": container.entrypoint = reader.string(value, "entrypoint of \(what)")
            case "command": container.command = reader.string(value, "command of \(what)")
            default: break
            }
        }
        return container.image.value.isEmpty ? nil : container
    }

    /// `credentials:` takes both a username and a password, or one expression that yields them.
    private func credentials(_ node: YAMLNode, key: SourceLocation,
                             _ what: String) -> Expressible<Container.Credentials>? {
        if let expression = reader.expression(node) { return .expression(expression) }
        let pairs: [YAMLPair]?
        if let scalar = node.scalar, scalar.text.isEmpty {
            reader.report("credentials of \(what) must not be empty", at: node.location)
            pairs = []
        } else {
            pairs = reader.nonEmptyMapping(node, "credentials of \(what)", allowedKeys: ["username", "password"])
        }
        let given = Set((pairs ?? []).map(\.name))
        if !given.isSuperset(of: ["username", "password"]) {
            reader.report("credentials of \(what) need both a username and a password", at: key)
        }
        guard pairs != nil else { return nil }
        let credentials = Container.Credentials(
            username: node["username"].flatMap { reader.string($0, "credentials.username") },
            password: node["password"].flatMap { reader.string($0, "credentials.password") })
        return .value(Located(credentials, at: node.location))
    }
}
