import Foundation
import Executors
import WorkflowParser

/// The runner's `config.yaml`: the labels it declares (`runner.labels`, as in forgejo-runner's config), the
/// Forgejo release it serves (`forgejo_version`), its fence pools (`fence.pools`, `fence.default_pool`), and the
/// daemon's settings (`daemon`, from forgejo-runner's other keys).
public struct RunnerConfig: Sendable, Equatable {
    public var labels: [String] = []
    public var daemon = DaemonSettings()
    public var forgejoVersion: String?
    public var fencePools: [String: FencePool] = [:]
    /// The pool `docker://` labels run in; nil runs them on this machine.
    public var defaultFencePool: String?
    /// `registries.insecure`: registries reached over plain HTTP besides loopback ones.
    public var insecureRegistries: Set<String> = []
    /// `registries.credentials`, by registry. Password files are read only by `registrySettings()`, so commands
    /// that need no registry (lint) work where those files are absent.
    public var registryLogins: [String: RegistryLogin] = [:]

    /// Who to log in as at a registry, and where the password comes from.
    public struct RegistryLogin: Sendable, Equatable {
        public enum Password: Sendable, Equatable {
            case inline(String)
            case file(String)
        }

        public var username: String
        public var password: Password
    }

    /// The settings image pulls use, reading each password file now.
    public func registrySettings() throws(ConfigError) -> RegistrySettings {
        var credentials: [String: RegistryCredentials] = [:]
        for (registry, login) in registryLogins {
            switch login.password {
            case .inline(let password):
                credentials[registry] = RegistryCredentials(username: login.username, password: password)
            case .file(let path):
                do {
                    let password = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .newlines)
                    credentials[registry] = RegistryCredentials(username: login.username, password: password)
                } catch {
                    throw ConfigError("cannot read the password file \(path) for registry \(registry): "
                                      + error.localizedDescription)
                }
            }
        }
        return RegistrySettings(insecureRegistries: insecureRegistries, credentials: credentials)
    }

    public init(labels: [String] = [], forgejoVersion: String? = nil, fencePools: [String: FencePool] = [:],
                defaultFencePool: String? = nil) {
        self.labels = labels
        self.forgejoVersion = forgejoVersion
        self.fencePools = fencePools
        self.defaultFencePool = defaultFencePool
    }

    /// The declared labels, parsed.
    public func runnerLabels() throws(ConfigError) -> [RunnerLabel] {
        try labels.map { text throws(ConfigError) in try RunnerLabel(parsing: text) }
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
        try parseDaemonSettings(root, into: &config.daemon)
        if let fence = root["fence"] { try parseFence(fence, into: &config) }
        if let registries = root["registries"] { try parseRegistries(registries, into: &config) }
        return config
    }

    /// `insecure: [host:port]` and `credentials: {host: {username, password | password_file}}`. A password file
    /// keeps the secret out of a config that many people may read.
    private static func parseRegistries(_ node: YAMLNode, into config: inout RunnerConfig) throws(ConfigError) {
        guard node.mapping != nil else { throw ConfigError("\(node.location): registries must be a mapping") }
        if let insecure = node["insecure"] {
            guard let hosts = insecure.sequence?.compactMap({ $0.scalar?.text }) else {
                throw ConfigError("\(insecure.location): registries.insecure must be a list of host:port")
            }
            config.insecureRegistries = Set(hosts)
        }
        for pair in node["credentials"]?.mapping ?? [] {
            guard let username = pair.value["username"]?.scalar?.text, !username.isEmpty else {
                throw ConfigError("\(pair.key.location): credentials for \(pair.name) need a username")
            }
            let password: RegistryLogin.Password
            if let text = pair.value["password"]?.scalar?.text {
                password = .inline(text)
            } else if let file = pair.value["password_file"]?.scalar?.text, !file.isEmpty {
                password = .file(file)
            } else {
                throw ConfigError("\(pair.key.location): credentials for \(pair.name) need password or password_file")
            }
            config.registryLogins[pair.name] = RegistryLogin(username: username, password: password)
        }
    }

    private static func parseFence(_ node: YAMLNode, into config: inout RunnerConfig) throws(ConfigError) {
        guard node.mapping != nil else { throw ConfigError("\(node.location): fence must be a mapping") }
        for pair in node["pools"]?.mapping ?? [] {
            let hosts = pair.value["hosts"]?.sequence?.compactMap { $0.scalar?.text } ?? []
            guard !hosts.isEmpty else {
                throw ConfigError("\(pair.key.location): fence pool \"\(pair.name)\" needs hosts: [ssh://user@host:port]")
            }
            config.fencePools[pair.name] = FencePool(hosts: hosts, identityFile: pair.value["key"]?.scalar?.text,
                                                     knownHostsFile: pair.value["known_hosts"]?.scalar?.text)
        }
        if let pool = node["default_pool"] {
            guard let name = pool.scalar?.text, config.fencePools[name] != nil else {
                throw ConfigError("\(pool.location): fence.default_pool must name a pool under fence.pools")
            }
            config.defaultFencePool = name
        }
    }
}

/// A config file that cannot be used, with the place and what to fix.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
