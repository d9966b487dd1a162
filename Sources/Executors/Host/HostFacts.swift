import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What this machine offers sandboxes, read from /sys and /proc at the moment of asking.
enum HostFacts {
    /// `v2` (unified), `hybrid` (v1 controllers plus an empty v2 mount at /sys/fs/cgroup/unified), `v1`, or
    /// `none` when /sys/fs/cgroup holds neither.
    static func cgroupMode(root: String = "/sys/fs/cgroup") -> String {
        let files = FileManager.default
        if files.fileExists(atPath: root + "/cgroup.controllers") { return "v2" }
        if files.fileExists(atPath: root + "/unified/cgroup.controllers") { return "hybrid" }
        if files.fileExists(atPath: root + "/memory") || files.fileExists(atPath: root + "/pids") { return "v1" }
        return "none"
    }

    /// Whether new user namespaces may be created: a positive `max_user_namespaces` and, on kernels that have
    /// the Debian switch, unprivileged clones allowed.
    static func userNamespaces() -> Bool {
        guard let limit = integer(in: "/proc/sys/user/max_user_namespaces"), limit > 0 else { return false }
        return integer(in: "/proc/sys/kernel/unprivileged_userns_clone").map { $0 != 0 } ?? true
    }

    /// Bytes an unprivileged writer may still use on the filesystem holding `path`.
    static func freeDiskBytes(at path: String) -> Int64 {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return 0 }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }

    private static func integer(in file: String) -> Int? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
