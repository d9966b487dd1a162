#if canImport(Glibc)
import Glibc
#endif

extension RuntimeConfig {
    /// Container uid/gid 0 is host `idMapBase`; 65536 ids are mapped.
    static let idMapSize: UInt32 = 65536

    /// Capabilities inside the sandbox, all confined to its user namespace: enough for package managers
    /// (chown, setuid to a service user), nothing that touches the kernel, devices or raw sockets.
    static let capabilities = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
                               "CAP_SETUID", "CAP_NET_BIND_SERVICE", "CAP_AUDIT_WRITE"]

    /// The process a sandbox idles in until `destroy`; as PID 1 it also reaps the orphans of `exec`ed commands
    /// (a shell waits for any child) and ignores signals it has no handler for, so `signal` leaves it alone.
    /// The loop does not depend on `sleep`'s status: `signal` kills the sleep too.
    static let idleArguments = ["/bin/sh", "-c", "while :; do sleep 3600; done"]

    /// The process of one `exec`: the init's capabilities and limits, never more, and no new privileges (the
    /// config's setting covers only the init).
    static func execProcess(user: User, args: [String], env: [String], cwd: String) -> Process {
        Process(user: user, args: args, env: env, cwd: cwd,
                capabilities: Capabilities(bounding: capabilities, effective: capabilities, permitted: capabilities),
                rlimits: [openFilesLimit()])
    }

    /// The config of a sandbox. `joining` is the init PID of the sandbox whose user and network namespaces this
    /// one shares (`SandboxSpec.networkOf`).
    static func sandbox(_ spec: SandboxSpec, id: SandboxID, environment: [String], layout: SandboxLayout, facts: HostFacts,
                        idMapBase: UInt32, joining: pid_t?) -> RuntimeConfig {
        let mapping = [IDMapping(containerID: 0, hostID: idMapBase, size: idMapSize)]
        let shared = joining.map { ["user": "/proc/\($0)/ns/user", "network": "/proc/\($0)/ns/net"] } ?? [:]
        let namespaces = ["pid", "ipc", "uts", "mount", "cgroup", "network", "user"].map { Namespace(type: $0, path: shared[$0]) }
        return RuntimeConfig(
            process: Process(user: User(uid: 0, gid: 0), args: idleArguments, env: environment, cwd: "/",
                             capabilities: Capabilities(bounding: capabilities, effective: capabilities, permitted: capabilities),
                             rlimits: [openFilesLimit()]),
            root: Root(path: layout.rootfs, readonly: false),
            hostname: spec.hostname,
            mounts: systemMounts(layout) + spec.mounts.map(bindMount),
            linux: Linux(
                // A joined user namespace already has its mapping; the runtime refuses a second one.
                uidMappings: joining == nil ? mapping : nil,
                gidMappings: joining == nil ? mapping : nil,
                namespaces: namespaces,
                resources: resources(spec.limits, swapAccounting: facts.swapAccounting),
                cgroupsPath: "/swift-runner/\(id.rawValue)",
                seccomp: SeccompProfile.configuration,
                maskedPaths: ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                              "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"],
                readonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]))
    }

    /// /proc (its kernel knobs read-only through `readonlyPaths`), a minimal /dev on tmpfs (the runtime adds
    /// null, zero, full, random, urandom, tty), read-only /sys and cgroups, a fresh /tmp and the generated files.
    private static func systemMounts(_ layout: SandboxLayout) -> [MountEntry] {
        [
            MountEntry(destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"]),
            MountEntry(destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            MountEntry(destination: "/dev/pts", type: "devpts", source: "devpts",
                       options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]),
            MountEntry(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
            MountEntry(destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"]),
            MountEntry(destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
            MountEntry(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
            MountEntry(destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777"]),
            MountEntry(destination: "/etc/hosts", type: "bind", source: layout.hosts, options: ["bind", "ro", "nosuid", "nodev", "noexec"]),
            MountEntry(destination: "/etc/resolv.conf", type: "bind", source: layout.resolvConf, options: ["bind", "ro", "nosuid", "nodev", "noexec"]),
        ]
    }

    /// A host folder as it is, without id mapping: what the sandbox writes there belongs to host ids from
    /// `idMapBase` up, so nothing it leaves behind (a setuid file, say) is worth anything on the host. Setuid bits
    /// and device files in it do nothing inside either.
    private static func bindMount(_ mount: Mount) -> MountEntry {
        MountEntry(destination: mount.sandboxPath, type: "bind", source: mount.hostPath,
                   options: ["rbind", mount.readOnly ? "ro" : "rw", "nosuid", "nodev"])
    }

    private static func resources(_ limits: ResourceLimits, swapAccounting: Bool) -> Resources {
        Resources(
            pids: limits.pids.map { Pids(limit: Int64($0)) },
            // Memory plus swap equals memory: the job is killed at its limit instead of swapping.
            memory: limits.memoryBytes.map { Memory(limit: Int64($0), swap: swapAccounting ? Int64($0) : nil) },
            cpu: limits.cpus.map { CPU(quota: Int64(($0 * 100_000).rounded()), period: 100_000) })
    }

    /// Open files: the host's hard limit (even root cannot raise it on some hosts), at most 65536.
    private static func openFilesLimit() -> Rlimit {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        let value = min(UInt64(limit.rlim_max), 65536)
        return Rlimit(type: "RLIMIT_NOFILE", hard: value, soft: value)
    }
}
