/// The command line of one runtime call (`run`, `exec`, `kill`, `delete`, `state`), for crun or runc.
///
/// crun 1.8 refuses hybrid cgroups ("cgroups in hybrid mode not supported, drop all controllers from cgroupv2").
/// On a hybrid host every crun call therefore runs in a private mount namespace of its own in which the
/// controller-less v2 mount `/sys/fs/cgroup/unified` is unmounted, so crun sees a plain v1 host. The host's
/// mounts are untouched (propagation is private). runc handles hybrid hosts itself.
struct RuntimeCommand: Sendable {
    let facts: HostFacts
    /// The runtime's own state folder (`--root`), private to this runner so ids never clash with others'.
    let stateRoot: String

    func arguments(_ subcommand: [String]) -> [String] {
        let runtime = [facts.runtimePath, "--root", stateRoot] + subcommand
        guard facts.runtime == .crun, facts.cgroupMode == .hybrid else { return runtime }
        // `$0` is the runtime's path and "$@" the rest, so no argument is ever parsed by the shell.
        return ["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
                "umount /sys/fs/cgroup/unified && exec \"$0\" \"$@\""] + runtime
    }

    /// Decodes an `exec` exit code: crun and runc report a command killed by signal N as 128 + N, like a
    /// shell does; a command that itself exits with such a code is indistinguishable and reported as signaled.
    static func execStatus(_ status: ExitStatus) -> ExitStatus {
        if case .exited(let code) = status, (129...128 + 64).contains(code) { return .signaled(code - 128) }
        return status
    }
}
