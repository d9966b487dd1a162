/// The `options:` of a job or service container this runner acts on: the health check, and the job container's
/// `--hostname` and `--user` (its own UTS namespace, a uid inside its user namespace: neither loosens anything).
/// Options that would loosen the sandbox (`--privileged`, `--cap-add`, volumes, devices, another network) are
/// never honoured; lint says so, and the job log warns.
struct ContainerOptions: Sendable, Equatable {
    struct HealthCheck: Sendable, Equatable {
        var command: String
        var interval: Duration = .seconds(30)
        var timeout: Duration = .seconds(30)
        var retries = 3
    }

    var health: HealthCheck?
    var hostname: String?
    /// `uid[:gid]` or a user of the image, for the job's steps.
    var user: String?
    /// Options given but not acted on, for the warning.
    var ignored: [String] = []

    static func parse(_ text: String) throws(JobError) -> ContainerOptions {
        guard let words = ShellWords.split(text) else { throw JobError("container options `\(text)` have an unclosed quote") }
        var options = ContainerOptions()
        var command: String?
        var health = HealthCheck(command: "")
        var index = 0
        while index < words.count {
            var word = words[index]
            var value: String?
            if let equals = word.firstIndex(of: "="), word.hasPrefix("--") {
                value = String(word[word.index(after: equals)...])
                word = String(word[..<equals])
            }
            func next() throws(JobError) -> String {
                if let value { return value }
                index += 1
                guard index < words.count else { throw JobError("container option \(word) needs a value") }
                return words[index]
            }
            switch word {
            case "--health-cmd": command = try next()
            case "--hostname", "-h": options.hostname = try next()
            case "--user", "-u": options.user = try next()
            case "--health-interval": health.interval = try duration(try next(), word)
            case "--health-timeout": health.timeout = try duration(try next(), word)
            case "--health-retries":
                let text = try next()
                guard let retries = Int(text), retries > 0 else { throw JobError("--health-retries needs a positive number, not \(text)") }
                health.retries = retries
            default: options.ignored.append(word)
            }
            index += 1
        }
        if let command {
            health.command = command
            options.health = health
        }
        return options
    }

    /// `500ms`, `10s`, `2m`, `1h`, as Docker writes durations.
    static func duration(_ text: String, _ option: String) throws(JobError) -> Duration {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (unit, seconds) in units where text.hasSuffix(unit) {
            if let number = Double(text.dropLast(unit.count)), number >= 0 {
                return .milliseconds(Int(number * seconds * 1000))
            }
        }
        throw JobError("\(option) needs a duration such as 500ms, 10s or 2m, not \(text)")
    }
}
