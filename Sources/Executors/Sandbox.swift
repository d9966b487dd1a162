/// Where job commands run. `LocalSandbox` drives an OCI runtime on this machine, `FenceClient` asks a fence host
/// over OpenSSH to do the same, `HostSandbox` runs on the host itself (opt-in only). A job's container and its
/// service containers form one group that shares a network namespace.
public protocol Sandbox: Sendable {
    /// Creates and starts a sandbox; it idles until `destroy`, and commands run in it with `exec`.
    func create(_ spec: SandboxSpec) async throws(SandboxError) -> SandboxID

    /// Runs a command; the stream yields its output as it comes and ends with its exit status.
    func exec(_ id: SandboxID, _ request: ExecRequest) -> AsyncThrowingStream<ExecEvent, any Error>

    /// Unpacks a tar archive into `path` inside the sandbox.
    func copyIn(_ id: SandboxID, path: String, tar: [UInt8]) async throws(SandboxError)

    /// Packs `path` inside the sandbox into a tar archive.
    func copyOut(_ id: SandboxID, path: String) async throws(SandboxError) -> [UInt8]

    /// Sends a signal to every process of the sandbox (cancellation sends SIGTERM, then SIGKILL).
    func signal(_ id: SandboxID, _ signal: Int32) async throws(SandboxError)

    /// Stops every process and removes everything the sandbox wrote. Destroying twice is not an error.
    func destroy(_ id: SandboxID) async throws(SandboxError)

    /// What this host offers: runtime, cgroup mode, user namespaces, free disk.
    func info() async throws(SandboxError) -> SandboxHostInfo
}

/// A sandbox's name, unique on its host.
public struct SandboxID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}

/// What a sandbox is made of.
public struct SandboxSpec: Sendable, Codable, Equatable {
    /// The root filesystem: an image from a registry, or `native` (the host's root, read-only).
    public var image: SandboxImage
    public var limits: ResourceLimits
    public var network: NetworkMode
    /// Host folders made visible inside (the workspace, read-write).
    public var mounts: [Mount]
    /// The environment every exec starts from (the image's, then these).
    public var environment: [String: String]
    public var workingDirectory: String
    public var hostname: String
    /// A sandbox whose network namespace this one joins: services and their job share one, so `localhost` works.
    public var networkOf: SandboxID?
    /// Extra `/etc/hosts` names, all for this group's loopback: the service names.
    public var hostAliases: [String]
    /// Absolute folders the sandbox's root owns from the start (the workspace's top): in an image whose `/` belongs
    /// to someone else (`native`: the host's root) the job could not create them itself.
    public var ownedDirectories: [String]

    public init(image: SandboxImage, limits: ResourceLimits = ResourceLimits(), network: NetworkMode = .none,
                mounts: [Mount] = [], environment: [String: String] = [:], workingDirectory: String = "/",
                hostname: String = "sandbox", networkOf: SandboxID? = nil, hostAliases: [String] = [],
                ownedDirectories: [String] = []) {
        self.image = image
        self.limits = limits
        self.network = network
        self.mounts = mounts
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.hostname = hostname
        self.networkOf = networkOf
        self.hostAliases = hostAliases
        self.ownedDirectories = ownedDirectories
    }

    private enum CodingKeys: String, CodingKey {
        case image, limits, network, mounts, environment, workingDirectory, hostname, networkOf, hostAliases, ownedDirectories
    }

    /// `ownedDirectories` is optional on the wire: fence peers of protocol 1.0 never send it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        image = try container.decode(SandboxImage.self, forKey: .image)
        limits = try container.decode(ResourceLimits.self, forKey: .limits)
        network = try container.decode(NetworkMode.self, forKey: .network)
        mounts = try container.decode([Mount].self, forKey: .mounts)
        environment = try container.decode([String: String].self, forKey: .environment)
        workingDirectory = try container.decode(String.self, forKey: .workingDirectory)
        hostname = try container.decode(String.self, forKey: .hostname)
        networkOf = try container.decodeIfPresent(SandboxID.self, forKey: .networkOf)
        hostAliases = try container.decode([String].self, forKey: .hostAliases)
        ownedDirectories = try container.decodeIfPresent([String].self, forKey: .ownedDirectories) ?? []
    }
}

public enum SandboxImage: Sendable, Codable, Equatable {
    /// The host's own root filesystem as the only, read-only lower layer: nothing to pull.
    case native
    /// An image reference such as `127.0.0.1:5000/busybox:latest` or `node:22-bookworm`.
    case registry(String)
}

/// Limits a job cannot exceed; nil means the host's default.
public struct ResourceLimits: Sendable, Codable, Equatable {
    public var memoryBytes: Int?
    public var pids: Int?
    /// CPUs as a fraction (1.5 = one and a half cores).
    public var cpus: Double?

    public init(memoryBytes: Int? = 4 << 30, pids: Int? = 4096, cpus: Double? = nil) {
        self.memoryBytes = memoryBytes
        self.pids = pids
        self.cpus = cpus
    }
}

public enum NetworkMode: String, Sendable, Codable, Equatable {
    /// Only a loopback interface.
    case none
    /// The outside world through user-mode networking, never the fence host's own services.
    case egress
}

public struct Mount: Sendable, Codable, Equatable {
    public var hostPath: String
    public var sandboxPath: String
    public var readOnly: Bool

    public init(hostPath: String, sandboxPath: String, readOnly: Bool = false) {
        self.hostPath = hostPath
        self.sandboxPath = sandboxPath
        self.readOnly = readOnly
    }
}

/// A command to run in a sandbox.
public struct ExecRequest: Sendable, Codable, Equatable {
    public var arguments: [String]
    /// Added to the sandbox's environment for this command.
    public var environment: [String: String]
    public var workingDirectory: String?
    /// `uid[:gid]` or a user name of the image; nil means the image's user.
    public var user: String?
    /// Bytes for the command's standard input; nil gives it none.
    public var standardInput: [UInt8]?
    /// Run the image's own program, as `docker run IMAGE ARGS` would: its `Entrypoint` followed by `arguments`,
    /// or by its `Cmd` when `arguments` is empty (service containers, container actions).
    public var runsImageProgram: Bool

    public init(arguments: [String], environment: [String: String] = [:], workingDirectory: String? = nil,
                user: String? = nil, standardInput: [UInt8]? = nil, runsImageProgram: Bool = false) {
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.user = user
        self.standardInput = standardInput
        self.runsImageProgram = runsImageProgram
    }

    private enum CodingKeys: String, CodingKey {
        case arguments, environment, workingDirectory, user, standardInput, runsImageProgram
    }

    /// `runsImageProgram` is optional on the wire: fence peers of protocol 1.0 never send it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arguments = try container.decode([String].self, forKey: .arguments)
        environment = try container.decode([String: String].self, forKey: .environment)
        workingDirectory = try container.decodeIfPresent(String.self, forKey: .workingDirectory)
        user = try container.decodeIfPresent(String.self, forKey: .user)
        standardInput = try container.decodeIfPresent([UInt8].self, forKey: .standardInput)
        runsImageProgram = try container.decodeIfPresent(Bool.self, forKey: .runsImageProgram) ?? false
    }
}

/// What an exec stream yields: output chunks in the order they came, then exactly one `exit`.
public enum ExecEvent: Sendable, Equatable {
    case standardOutput([UInt8])
    case standardError([UInt8])
    case exit(ExitStatus)
}

public enum ExitStatus: Sendable, Codable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    public var succeeded: Bool { self == .exited(0) }

    public var description: String {
        switch self {
        case .exited(let code): return "exit status \(code)"
        case .signaled(let signal): return "killed by signal \(signal)"
        }
    }
}

/// What a sandbox host reports about itself (`fence check` prints it).
public struct SandboxHostInfo: Sendable, Codable, Equatable {
    public var runtime: String
    public var cgroupMode: String
    public var userNamespaces: Bool
    public var freeDiskBytes: Int64

    public init(runtime: String, cgroupMode: String, userNamespaces: Bool, freeDiskBytes: Int64) {
        self.runtime = runtime
        self.cgroupMode = cgroupMode
        self.userNamespaces = userNamespaces
        self.freeDiskBytes = freeDiskBytes
    }
}
