import Foundation
import WorkflowParser

/// The parts of the runner's `config.yaml` that the workstation commands use: the labels the runner declares
/// (`runner.labels`, as in forgejo-runner's config) and the Forgejo release it serves (`forgejo_version`).
public struct RunnerConfig: Sendable, Equatable {
    public var labels: [String] = []
    public var forgejoVersion: String?

    public init(labels: [String] = [], forgejoVersion: String? = nil) {
        self.labels = labels
        self.forgejoVersion = forgejoVersion
    }

    /// Reads `url`; every problem names the file, line and column.
    public static func load(from url: URL) throws(ConfigError) -> RunnerConfig {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigError("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try parse(text, file: url.path)
    }

    public static func parse(_ text: String, file: String) throws(ConfigError) -> RunnerConfig {
        let root: YAMLNode?
        do {
            root = try YAMLLoader().load(text, file: file)
        } catch {
            throw ConfigError(error.description)
        }
        var config = RunnerConfig()
        guard let root else { return config }
        guard root.mapping != nil else { throw ConfigError("\(root.location): the config must be a mapping") }
        if let version = root["forgejo_version"] {
            guard let scalar = version.scalar, !scalar.text.isEmpty else {
                throw ConfigError("\(version.location): forgejo_version must be a version such as 11 or 15")
            }
            config.forgejoVersion = scalar.text
        }
        if let labels = root["runner"]?["labels"] {
            guard let items = labels.sequence else {
                throw ConfigError("\(labels.location): runner.labels must be a list such as [\"docker:docker://node:22\"]")
            }
            config.labels = try items.map { item throws(ConfigError) in
                guard let text = item.scalar?.text, !text.isEmpty else {
                    throw ConfigError("\(item.location): each runner label must be a non-empty string")
                }
                return text
            }
        }
        return config
    }
}

/// A config file that cannot be used, with the place and what to fix.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
