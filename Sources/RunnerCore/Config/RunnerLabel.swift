import Executors

/// A label the runner declares, as in forgejo-runner's config: `NAME:SCHEMA`. `runs-on` matches NAME; the schema
/// says where a matching job runs: `docker://IMAGE` (a sandbox from IMAGE, on a fence host when a pool is set as
/// default, else locally), `fence://IMAGE@POOL` (a sandbox on a host of that pool), `host` (no isolation; an
/// admin's explicit choice).
public struct RunnerLabel: Sendable, Equatable, CustomStringConvertible {
    public enum Schema: Sendable, Equatable {
        case docker(image: String)
        case fence(image: String, pool: String)
        case host
    }

    public var name: String
    /// Nil for a bare name: lint can match it, but the daemon needs to know where to run.
    public var schema: Schema?

    public init(name: String, schema: Schema?) {
        self.name = name
        self.schema = schema
    }

    /// Parses `docker:docker://node:22`, `big:fence://debian:bookworm@fleet`, `shell:host` or a bare `docker`.
    public init(parsing text: String) throws(ConfigError) {
        guard let colon = text.firstIndex(of: ":") else {
            guard !text.isEmpty else { throw ConfigError("a runner label must not be empty") }
            self.init(name: text, schema: nil)
            return
        }
        let name = String(text[..<colon])
        let spec = String(text[text.index(after: colon)...])
        guard !name.isEmpty else { throw ConfigError("runner label \"\(text)\" has no name before the colon") }
        if spec == "host" {
            self.init(name: name, schema: .host)
        } else if spec.hasPrefix("docker://"), spec.count > "docker://".count {
            self.init(name: name, schema: .docker(image: String(spec.dropFirst("docker://".count))))
        } else if spec.hasPrefix("fence://"), let at = spec.lastIndex(of: "@"),
                  spec.index(spec.startIndex, offsetBy: "fence://".count) < at, spec.index(after: at) < spec.endIndex {
            let image = String(spec[spec.index(spec.startIndex, offsetBy: "fence://".count)..<at])
            self.init(name: name, schema: .fence(image: image, pool: String(spec[spec.index(after: at)...])))
        } else {
            throw ConfigError("runner label \"\(text)\": the part after \"\(name):\" must be docker://IMAGE, "
                              + "fence://IMAGE@POOL or host")
        }
    }

    public var description: String {
        switch schema {
        case .docker(let image)?: return "\(name):docker://\(image)"
        case .fence(let image, let pool)?: return "\(name):fence://\(image)@\(pool)"
        case .host?: return "\(name):host"
        case nil: return name
        }
    }
}

/// Where a job runs, decided from its label and the configured fence pools.
public enum SandboxPlacement: Sendable, Equatable {
    case local(SandboxImage)
    case fence(pool: String, image: SandboxImage)
    case host

    /// `docker://` goes to the default fence pool when one is configured, else to this machine; `fence://` needs
    /// its pool to exist. A bare label cannot be placed.
    public static func resolve(_ label: RunnerLabel, pools: [String: FencePool],
                               defaultPool: String?) throws(ConfigError) -> SandboxPlacement {
        switch label.schema {
        case .docker(let image)?:
            let sandboxImage: SandboxImage = image == "native" ? .native : .registry(image)
            if let defaultPool { return .fence(pool: defaultPool, image: sandboxImage) }
            return .local(sandboxImage)
        case .fence(let image, let pool)?:
            guard pools[pool] != nil else {
                throw ConfigError("label \(label) names fence pool \"\(pool)\", which fence.pools does not define; "
                                  + "pools: \(pools.keys.sorted().joined(separator: ", "))")
            }
            return .fence(pool: pool, image: .registry(image))
        case .host?:
            return .host
        case nil:
            throw ConfigError("label \"\(label.name)\" says nothing about where jobs run; write it as "
                              + "\(label.name):docker://IMAGE, \(label.name):fence://IMAGE@POOL or \(label.name):host")
        }
    }
}

/// A named group of fence hosts, reached with one key and a pinned known_hosts file.
public struct FencePool: Sendable, Equatable {
    /// `ssh://user@host:port` of each host.
    public var hosts: [String]
    public var identityFile: String?
    public var knownHostsFile: String?

    public init(hosts: [String], identityFile: String? = nil, knownHostsFile: String? = nil) {
        self.hosts = hosts
        self.identityFile = identityFile
        self.knownHostsFile = knownHostsFile
    }
}
