import Foundation

/// Sandboxes on this machine, run by an OCI runtime (crun by default, runc as alternative): a user namespace
/// (container root is host `idMapBase`), no new privileges, a few namespaced capabilities, a seccomp denylist, the
/// image read-only under an overlay with a per-sandbox upper layer, pids/memory/CPU limits in a cgroup of its own
/// (`/swift-runner/<id>`, cgroup v1, v2 or hybrid), and network `none` (only loopback) or `egress` (slirp4netns).
/// Needs root on the host.
public final class LocalSandbox: Sandbox {
    /// Host uid and gid of the sandbox's root; the 65536 ids from here up are the sandbox's.
    public static let idMapBase: UInt32 = 100_000

    public struct Configuration: Sendable {
        /// Per-sandbox folders (overlay upper layer, bundle): on a disk, not in memory.
        public var stateDirectory: String
        /// The runtime's own state (`--root`).
        public var runtimeStateDirectory: String
        public var runtime: OCIRuntimeKind
        /// Whether `.native` (the host's root filesystem, read-only) may be a sandbox's image: yes on a
        /// workstation, no on a fence host unless its admin says so.
        public var allowNative: Bool

        public init(stateDirectory: String = "/var/lib/swift-runner/sandboxes",
                    runtimeStateDirectory: String = "/run/swift-runner/runtime",
                    runtime: OCIRuntimeKind = .crun, allowNative: Bool = true) {
            self.stateDirectory = stateDirectory
            self.runtimeStateDirectory = runtimeStateDirectory
            self.runtime = runtime
            self.allowNative = allowNative
        }
    }

    /// What this host offers, detected by `init`.
    public let facts: HostFacts
    let configuration: Configuration
    let images: any ImageProvider
    let runtime: RuntimeCommand
    let sandboxes = SandboxTable()

    /// Detects the host (cgroup mode, the runtime on PATH, user namespaces) and creates the state folders.
    public init(images: any ImageProvider, configuration: Configuration = Configuration()) throws(SandboxError) {
        facts = try HostFacts.detect(runtime: configuration.runtime)
        guard facts.userNamespaces else {
            throw SandboxError(.host, "user namespaces are disabled (/proc/sys/user/max_user_namespaces is 0): enable them to run sandboxes")
        }
        self.configuration = configuration
        self.images = images
        runtime = RuntimeCommand(facts: facts, stateRoot: configuration.runtimeStateDirectory)
        for directory in [configuration.stateDirectory, configuration.runtimeStateDirectory] {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o711])
            } catch {
                throw SandboxError(.host, "could not create \(directory): \(error.localizedDescription); run as root or configure another folder")
            }
        }
        try Self.requireTraversable(configuration.stateDirectory)
    }

    /// The runtime reaches each sandbox's rootfs as the sandbox's root, an unprivileged host uid: every folder
    /// above the state directory must let others pass (o+x), or every start fails with a bare "Permission denied".
    private static func requireTraversable(_ directory: String) throws(SandboxError) {
        var folder = URL(fileURLWithPath: directory).standardizedFileURL
        while folder.path != "/" {
            var info = stat()
            if stat(folder.path, &info) == 0, info.st_mode & S_IXOTH == 0 {
                throw SandboxError(.host, "sandboxes cannot reach \(directory): \(folder.path) has mode "
                    + String(info.st_mode & 0o777, radix: 8) + " and the sandbox's root (host uid \(idMapBase)) must pass "
                    + "through it; chmod o+x \(folder.path), or keep the state somewhere else")
            }
            folder.deleteLastPathComponent()
        }
    }

    public func create(_ spec: SandboxSpec) async throws(SandboxError) -> SandboxID {
        let image: PreparedImage
        switch spec.image {
        case .native:
            guard configuration.allowNative else {
                throw SandboxError(.refused, "this host does not offer the `native` image: ask for a registry image (docker://IMAGE)")
            }
            image = .native
        case .registry(let reference):
            image = try await images.layers(for: reference)
        }
        let joined = try spec.networkOf.map { (owner: SandboxID) throws(SandboxError) in try sandboxes.record(owner) }
        let id = SandboxID("sbx-" + String(UInt64.random(in: 0...UInt64.max), radix: 16))
        let record = try await onOwnThread { [self] () throws(SandboxError) in
            try start(id, spec: spec, image: image, joining: joined)
        }
        sandboxes.insert(record, for: id)
        return id
    }

    /// Sends `signal` to every process of the sandbox. The idle init ignores all but SIGKILL (it has no handlers),
    /// so SIGTERM ends the job's commands and leaves the sandbox usable; SIGKILL ends the sandbox too.
    public func signal(_ id: SandboxID, _ signal: Int32) async throws(SandboxError) {
        _ = try sandboxes.record(id)
        try await onOwnThread { [runtime] () throws(SandboxError) in
            try Self.call(runtime, ["kill", "--all", id.rawValue, String(signal)], "signal \(signal) to \(id)")
        }
    }

    public func destroy(_ id: SandboxID) async throws(SandboxError) {
        guard let record = sandboxes.remove(id) else { return }
        try await onOwnThread { [self] () throws(SandboxError) in try tearDown(id, record) }
    }

    public func info() async throws(SandboxError) -> SandboxHostInfo {
        SandboxHostInfo(runtime: facts.runtime.rawValue, cgroupMode: facts.cgroupMode.rawValue,
                        userNamespaces: facts.userNamespaces,
                        freeDiskBytes: HostFacts.freeDiskBytes(at: configuration.stateDirectory))
    }

    /// Runs one runtime call to its end; a failure carries the runtime's own words. With `log`, its output goes to
    /// that file instead of a pipe (for `run --detach`, whose container keeps the runtime's output open).
    static func call(_ runtime: RuntimeCommand, _ subcommand: [String], _ what: String, log: String? = nil) throws(SandboxError) {
        var messages: [UInt8] = []
        let arguments = runtime.arguments(subcommand)
        let status = if let log {
            try ChildProcess.run(arguments, log: log)
        } else {
            try ChildProcess.run(arguments, input: nil) { _, bytes in messages += bytes }
        }
        guard status.succeeded else {
            let text = log.flatMap(HostFacts.readTrimmed) ?? String(decoding: messages, as: UTF8.self)
            throw SandboxError(.runtime, "\(runtime.facts.runtime.rawValue) could not \(what) (\(status)): "
                + text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

/// The sandboxes this `LocalSandbox` created and has not destroyed yet.
final class SandboxTable: @unchecked Sendable {
    /// What `exec` and `destroy` need to know about a running sandbox.
    struct Record: Sendable {
        let layout: SandboxLayout
        /// PID (on the host) of the sandbox's idle process; its namespaces are the sandbox's.
        let initPID: pid_t
        let environment: [String]
        let workingDirectory: String
        let user: String?
        let network: UserModeNetwork?
        /// The image's `Entrypoint` and `Cmd`, for `ExecRequest.runsImageProgram`.
        var entrypoint: [String] = []
        var command: [String] = []
    }

    private let lock = NSLock()
    private var records: [SandboxID: Record] = [:]

    func record(_ id: SandboxID) throws(SandboxError) -> Record {
        guard let record = lock.withLock({ records[id] }) else {
            throw SandboxError(.notFound, "no sandbox \(id) on this host: it was destroyed or never created")
        }
        return record
    }

    func insert(_ record: Record, for id: SandboxID) {
        lock.withLock { records[id] = record }
    }

    func remove(_ id: SandboxID) -> Record? {
        lock.withLock { records.removeValue(forKey: id) }
    }
}
