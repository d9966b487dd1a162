/// The seccomp filter of every sandbox: everything is allowed except what can reach past the sandbox's namespaces
/// or the kernel itself, which fails with EPERM (ENOSYS for `clone3`, so C libraries fall back to `clone`, whose
/// flags the filter can see).
enum SeccompProfile {
    /// Calls refused outright, by what they would give the job.
    static let deniedCalls: [String] = [
        // Mounting: the root and the mounts are fixed before the job starts.
        "mount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount",
        "open_tree", "mount_setattr",
        // The kernel: modules, kexec, reboot, swap, eBPF, perf, the keyring, clocks.
        "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff",
        "bpf", "perf_event_open", "keyctl", "add_key", "request_key", "settimeofday", "clock_settime", "clock_adjtime",
        "adjtimex", "syslog", "acct", "quotactl", "lookup_dcookie", "userfaultfd",
        // Other processes and namespaces: tracing, reading their memory, joining namespaces.
        "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "setns",
        // File handles bypass path-based checks (the "shocker" escape).
        "open_by_handle_at", "name_to_handle_at",
        // Obsolete or host-wide.
        "uselib", "vhangup", "iopl", "ioperm", "nfsservctl",
    ]

    static let cloneNewUser: UInt64 = 0x1000_0000

    static var configuration: RuntimeConfig.Seccomp {
        let eperm: UInt = 1
        return RuntimeConfig.Seccomp(
            defaultAction: "SCMP_ACT_ALLOW",
            architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64"],
            syscalls: [
                RuntimeConfig.SyscallRule(names: deniedCalls, action: "SCMP_ACT_ERRNO", errnoRet: eperm, args: nil),
                // New user namespaces would hand the job a fresh set of capabilities to probe the kernel with.
                RuntimeConfig.SyscallRule(names: ["unshare", "clone"], action: "SCMP_ACT_ERRNO", errnoRet: eperm, args: [
                    RuntimeConfig.SyscallArgument(index: 0, value: cloneNewUser, valueTwo: cloneNewUser, op: "SCMP_CMP_MASKED_EQ"),
                ]),
                RuntimeConfig.SyscallRule(names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: 38, args: nil),  // ENOSYS
            ])
    }
}
