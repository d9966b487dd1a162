import Foundation

/// How the host mounts cgroups, which decides how the runtime sets limits.
public enum CgroupMode: String, Sendable, Codable, Equatable {
    /// Only the v1 hierarchies, one per controller under `/sys/fs/cgroup/<controller>`.
    case v1
    /// The unified v2 hierarchy at `/sys/fs/cgroup`.
    case v2
    /// v1 controllers plus a controller-less v2 mount at `/sys/fs/cgroup/unified` (crun refuses this unless
    /// it runs where the v2 mount is hidden; see `RuntimeCommand`).
    case hybrid
}

/// The OCI runtime binary that runs sandboxes.
public enum OCIRuntimeKind: String, Sendable, Codable, Equatable {
    /// The default: fastest start (about 17 ms for `true` here).
    case crun
    /// The alternative; about twice as slow to start.
    case runc
}

/// What this host offers for sandboxes, detected once at start-up from `/sys`, `/proc` and `PATH`.
public struct HostFacts: Sendable, Equatable {
    public var cgroupMode: CgroupMode
    /// The runtime's absolute path.
    public var runtimePath: String
    public var runtime: OCIRuntimeKind
    /// Whether unprivileged user namespaces can be created (`/proc/sys/user/max_user_namespaces` > 0).
    public var userNamespaces: Bool
    /// Whether a memory limit can include swap (v1 `memory.memsw.*`, v2 `memory.swap.max`); without it a
    /// memory-limited job could swap instead of being killed.
    public var swapAccounting: Bool

    public init(cgroupMode: CgroupMode, runtimePath: String, runtime: OCIRuntimeKind, userNamespaces: Bool,
                swapAccounting: Bool) {
        self.cgroupMode = cgroupMode
        self.runtimePath = runtimePath
        self.runtime = runtime
        self.userNamespaces = userNamespaces
        self.swapAccounting = swapAccounting
    }

    /// Detects the host; `runtime` picks the binary, found on `PATH`.
    public static func detect(runtime: OCIRuntimeKind = .crun, cgroupRoot: String = "/sys/fs/cgroup")
        throws(SandboxError) -> HostFacts {
        guard let path = executablePath(named: runtime.rawValue) else {
            throw SandboxError(.runtime, "no `\(runtime.rawValue)` on PATH: install it (Debian: apt-get install \(runtime.rawValue))")
        }
        let mode = try cgroupMode(root: cgroupRoot)
        return HostFacts(cgroupMode: mode, runtimePath: path, runtime: runtime, userNamespaces: userNamespacesAvailable(),
                         swapAccounting: swapAccounting(mode: mode, root: cgroupRoot))
    }

    /// Whether new user namespaces may be created: a positive `max_user_namespaces` and, on kernels with
    /// Debian's switch, unprivileged clones allowed.
    static func userNamespacesAvailable() -> Bool {
        guard let limit = readTrimmed("/proc/sys/user/max_user_namespaces").flatMap({ Int($0) }), limit > 0 else {
            return false
        }
        return readTrimmed("/proc/sys/kernel/unprivileged_userns_clone").flatMap { Int($0) }.map { $0 != 0 } ?? true
    }

    /// Bytes still free on the filesystem holding `path` (0 when it cannot be read).
    static func freeDiskBytes(at path: String) -> Int64 {
        let attributes = try? FileManager.default.attributesOfFileSystem(forPath: path)
        return (attributes?[.systemFreeSize] as? NSNumber)?.int64Value ?? 0
    }

    /// v2 when the root itself is the unified hierarchy (it has `cgroup.controllers`); hybrid when v1 controllers
    /// sit beside a `unified` v2 mount; v1 when only controller folders exist.
    static func cgroupMode(root: String) throws(SandboxError) -> CgroupMode {
        let files = FileManager.default
        if files.fileExists(atPath: root + "/cgroup.controllers") { return .v2 }
        guard files.fileExists(atPath: root + "/pids") || files.fileExists(atPath: root + "/memory") else {
            throw SandboxError(.host, "\(root) has neither cgroup v2 (cgroup.controllers) nor v1 controllers (pids, memory): mount cgroups")
        }
        return files.fileExists(atPath: root + "/unified/cgroup.controllers") ? .hybrid : .v1
    }

    private static func swapAccounting(mode: CgroupMode, root: String) -> Bool {
        switch mode {
        case .v1, .hybrid:
            return FileManager.default.fileExists(atPath: root + "/memory/memory.memsw.limit_in_bytes")
        case .v2:
            // The root cgroup has no memory.* files; our own cgroup ("0::/path" in /proc/self/cgroup) does.
            guard let line = readTrimmed("/proc/self/cgroup")?.split(separator: "\n").first(where: { $0.hasPrefix("0::") })
            else { return false }
            return FileManager.default.fileExists(atPath: root + line.dropFirst(3) + "/memory.swap.max")
        }
    }

    static func executablePath(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func readTrimmed(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
