#if canImport(Glibc)
import Glibc
#endif

/// Egress for a sandbox: a `tap0` in its network namespace, served by a `slirp4netns` process on the host that
/// turns the sandbox's packets into ordinary sockets of its own (10.0.2.100/24, gateway 10.0.2.2, DNS 10.0.2.3).
///
/// Why slirp4netns rather than pasta: Debian 12's slirp4netns (1.2.0) is a mature release that rootless Podman has
/// long relied on, while its passt/pasta is a 2023-03 snapshot; and `--disable-host-loopback` refuses every
/// connection to the gateway address, so the fence host's own services on 127.0.0.1 stay unreachable; the
/// sandbox's own loopback is separate anyway.
struct UserModeNetwork: Sendable {
    static let nameserver = "10.0.2.3"

    private let process: ChildProcess.Spawned

    /// Starts `slirp4netns` for the network namespace of `pid` and returns once `tap0` is configured.
    static func start(forNamespaceOf pid: pid_t) throws(SandboxError) -> UserModeNetwork {
        guard let path = HostFacts.executablePath(named: "slirp4netns") else {
            throw SandboxError(.host, "network `egress` needs slirp4netns on PATH: install it (Debian: apt-get install slirp4netns)")
        }
        let ready = try ChildProcess.pipe([path])
        defer { close(ready.read) }
        let process: ChildProcess.Spawned
        do {
            process = try ChildProcess.start(
                [path, "--configure", "--mtu=65520", "--disable-host-loopback", "--ready-fd=3", String(pid), "tap0"],
                extra: ready.write)
        } catch {
            close(ready.write)
            throw error
        }
        close(ready.write)
        // slirp4netns writes "1" once configured; end of file means it gave up.
        var byte: UInt8 = 0
        var count: Int
        repeat { count = read(ready.read, &byte, 1) } while count < 0 && errno == EINTR
        guard count == 1 else {
            process.stop()
            throw SandboxError(.host, "slirp4netns could not configure the network of process \(pid): run it by hand to see why")
        }
        return UserModeNetwork(process: process)
    }

    func stop() {
        process.stop()
    }
}
