import Foundation

/// What `swift-runner fence check` verifies about a fence host, one result per line of its output.
public struct FenceCheckResult: Sendable, Equatable {
    public var name: String
    public var passed: Bool
    public var detail: String

    public init(_ name: String, passed: Bool, _ detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}

public enum FenceCheck {
    /// The checks in the order they run; a check that cannot run because an earlier one failed fails too.
    public static let names = ["ssh", "fence handshake", "runtime", "cgroup mode", "user namespaces", "free disk"]

    /// Connects once and checks: ssh reaches the host and authenticates, the forced command answers the fence
    /// handshake, then what the host reports (runtime, cgroup mode, user namespaces, free disk).
    public static func run(_ connector: SSHConnector, software: String,
                           minimumFreeDiskBytes: Int64) async -> [FenceCheckResult] {
        let started: (transport: FenceTransport, ssh: SSHProcess)
        do {
            started = try connector.start()
        } catch {
            return failingFrom("ssh", error.message)
        }
        let client = FenceClient(connector: StartedConnector(started.transport), software: software)
        defer { started.transport.close() }
        let info: SandboxHostInfo
        let peer: FenceHello
        do {
            info = try await client.info()
            peer = try await client.peer()
        } catch {
            if error.code == .connectionLost, started.ssh.outcome().status == .exited(255) {
                return failingFrom("ssh", error.message)
            }
            return [FenceCheckResult("ssh", passed: true, "connected to \(connector.target)")]
                + failingFrom("fence handshake", error.message + " (is the authorized_keys line's command "
                    + "`swift-runner fence serve --stdio`?)")
        }
        let gibibyte = Double(1 << 30)
        let free = Double(info.freeDiskBytes) / gibibyte
        let minimum = Double(minimumFreeDiskBytes) / gibibyte
        return [
            FenceCheckResult("ssh", passed: true, "connected to \(connector.target)"),
            FenceCheckResult("fence handshake", passed: true,
                             "\(peer.software) speaks \(peer.protocolName) \(peer.major).\(peer.minor)"),
            FenceCheckResult("runtime", passed: !info.runtime.isEmpty,
                             info.runtime.isEmpty ? "the fence host reports no sandbox runtime" : info.runtime),
            FenceCheckResult("cgroup mode", passed: ["v1", "v2", "hybrid"].contains(info.cgroupMode),
                             ["v1", "v2", "hybrid"].contains(info.cgroupMode) ? info.cgroupMode
                                 : "\(info.cgroupMode): no cgroup hierarchy found under /sys/fs/cgroup, so no limits"),
            FenceCheckResult("user namespaces", passed: info.userNamespaces,
                             info.userNamespaces ? "available" : "not available: raise user.max_user_namespaces "
                                 + "(sysctl) above 0 on the fence host"),
            FenceCheckResult("free disk", passed: info.freeDiskBytes >= minimumFreeDiskBytes,
                             String(format: "%.1f GiB free, at least %.1f GiB wanted", free, minimum)),
        ]
    }

    private static func failingFrom(_ name: String, _ reason: String) -> [FenceCheckResult] {
        let first = names.firstIndex(of: name) ?? 0
        return [FenceCheckResult(name, passed: false, reason)]
            + names[(first + 1)...].map { FenceCheckResult($0, passed: false, "not checked: \(name) failed") }
    }
}

/// Hands the already started connection to a client, once.
private struct StartedConnector: FenceConnector {
    private let transport: LockedValue<FenceTransport?>

    init(_ transport: FenceTransport) {
        self.transport = LockedValue(transport)
    }

    func connect() async throws(SandboxError) -> FenceTransport {
        guard let transport = transport.withLock({ $0.take() }) else {
            throw SandboxError(.connectionLost, "fence check uses one connection, and it was lost")
        }
        return transport
    }
}
