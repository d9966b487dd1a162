import WorkflowParser

/// The settings the daemon reads, under the keys and with the defaults forgejo-runner uses, so its config.yaml
/// keeps working: `log.level`, `runner.file`, `runner.capacity`, `runner.envs`, `runner.env_file`,
/// `runner.timeout`, `runner.shutdown_timeout`, `runner.insecure`, `runner.fetch_timeout`,
/// `runner.fetch_interval`, `runner.report_interval`; and this runner's own `metrics.addr`.
public struct DaemonSettings: Sendable, Equatable {
    public enum LogLevel: String, Sendable, CaseIterable {
        case trace, debug, info, warn, error
    }

    public var logLevel: LogLevel = .info
    /// Where `.runner` is, relative to the working directory.
    public var runnerFile = ".runner"
    /// How many jobs run at once.
    public var capacity = 1
    /// Variables every job gets.
    public var environment: [String: String] = [:]
    /// A file of `NAME=value` lines every job gets, when it exists.
    public var environmentFile: String?
    /// The longest a job may run before it is cancelled.
    public var jobTimeout: Duration = .seconds(3 * 3600)
    /// How long running jobs may go on after SIGTERM before they are cancelled; zero cancels them at once.
    public var shutdownTimeout: Duration = .zero
    /// Skip checking the instance's TLS certificate.
    public var insecure = false
    /// The longest one FetchTask call may take.
    public var fetchTimeout: Duration = .seconds(5)
    /// The pause between two FetchTask calls.
    public var fetchInterval: Duration = .seconds(2)
    /// How often logs and state are sent while a job runs.
    public var reportInterval: Duration = .seconds(1)
    /// `host:port` for a Prometheus `/metrics` listener; nil for none.
    public var metricsAddress: String?

    public init() {}
}

extension RunnerConfig {
    static func parseDaemonSettings(_ root: YAMLNode, into settings: inout DaemonSettings) throws(ConfigError) {
        if let level = root["log"]?["level"] {
            guard let text = level.scalar?.text, let value = DaemonSettings.LogLevel(rawValue: text) else {
                throw ConfigError("\(level.location): log.level must be one of "
                                  + DaemonSettings.LogLevel.allCases.map(\.rawValue).joined(separator: ", "))
            }
            settings.logLevel = value
        }
        if let address = root["metrics"]?["addr"] {
            settings.metricsAddress = try text(address, "metrics.addr", example: "127.0.0.1:9101")
        }
        // `runner:` with every key commented out is null: all defaults.
        guard let runner = root["runner"], runner.scalar?.value != .null else { return }
        guard runner.mapping != nil else { throw ConfigError("\(runner.location): runner must be a mapping") }
        if let file = runner["file"] { settings.runnerFile = try text(file, "runner.file", example: ".runner") }
        if let capacity = runner["capacity"] {
            guard case .int(let count)? = capacity.scalar?.value, count >= 1 else {
                throw ConfigError("\(capacity.location): runner.capacity must be a whole number of jobs, at least 1")
            }
            settings.capacity = count
        }
        if let envs = runner["envs"] {
            guard let pairs = envs.mapping else {
                throw ConfigError("\(envs.location): runner.envs must be a mapping of NAME: value")
            }
            for pair in pairs {
                guard let value = pair.value.scalar?.text, !pair.name.isEmpty else {
                    throw ConfigError("\(pair.key.location): runner.envs wants NAME: value, with a plain value")
                }
                settings.environment[pair.name] = value
            }
        }
        if let file = runner["env_file"] { settings.environmentFile = try text(file, "runner.env_file", example: ".env") }
        if let insecure = runner["insecure"] {
            guard case .bool(let value)? = insecure.scalar?.value else {
                throw ConfigError("\(insecure.location): runner.insecure must be true or false")
            }
            settings.insecure = value
        }
        let durations: [(String, WritableKeyPath<DaemonSettings, Duration>, allowsZero: Bool)] = [
            ("timeout", \.jobTimeout, false), ("shutdown_timeout", \.shutdownTimeout, true),
            ("fetch_timeout", \.fetchTimeout, false), ("fetch_interval", \.fetchInterval, false),
            ("report_interval", \.reportInterval, false),
        ]
        for (key, path, allowsZero) in durations {
            guard let node = runner[key] else { continue }
            guard let text = node.scalar?.text, let duration = ConfigDuration.parse(text),
                  allowsZero || duration > .zero else {
                throw ConfigError("\(node.location): runner.\(key) must be a duration with a unit, such as 30s, 5m "
                                  + "or 1h30m\(allowsZero ? " (0 for none)" : ", more than zero")")
            }
            settings[keyPath: path] = duration
        }
    }

    private static func text(_ node: YAMLNode, _ key: String, example: String) throws(ConfigError) -> String {
        guard let text = node.scalar?.text, !text.isEmpty else {
            throw ConfigError("\(node.location): \(key) must be a non-empty string, such as \(example)")
        }
        return text
    }
}
