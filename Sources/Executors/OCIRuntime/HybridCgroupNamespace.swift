import CSpawn
import Foundation

/// crun refuses hybrid cgroup hosts unless the controller-less v2 mount is out of its sight (see `RuntimeCommand`).
/// A process that hosts sandboxes can take that mount out of its own view once, at start, instead of paying for
/// an `unshare` wrapper (~4 ms) on every runtime call: it moves into a private mount namespace without
/// `/sys/fs/cgroup/unified`. The runtimes it starts inherit that view, the overlay mounts it makes live there and
/// vanish with the process, and the host's mounts are untouched.
public enum HybridCgroupNamespace {
    /// What `enterIfHybrid` did.
    public enum Outcome: Equatable, Sendable {
        /// Not a hybrid host, or not root: nothing to do.
        case notNeeded
        /// The process now sees a plain v1 host.
        case entered
        /// The namespace could not be made (e.g. other threads already run); runtime calls keep the wrapper.
        case failed(errno: Int32)
    }

    /// Call first thing in `main`, while the process is single-threaded.
    public static func enterIfHybrid(cgroupRoot: String = "/sys/fs/cgroup") -> Outcome {
        guard geteuid() == 0, (try? HostFacts.cgroupMode(root: cgroupRoot)) == .hybrid else { return .notNeeded }
        let result = sr_private_mount_namespace_without(cgroupRoot + "/unified")
        return result == 0 ? .entered : .failed(errno: result)
    }
}
