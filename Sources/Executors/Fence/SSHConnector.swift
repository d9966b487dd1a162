import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Connects to a fence host with the system `ssh`: batch mode (never a prompt), only the pinned known-hosts file,
/// strict host key checking, one identity. The fence host's `authorized_keys` forces the command, so none is sent.
public struct SSHConnector: FenceConnector {
    public var target: FenceTarget
    public var identityFile: String
    public var knownHostsFile: String
    public var sshExecutable: String
    public var connectTimeoutSeconds: Int

    public init(target: FenceTarget, identityFile: String, knownHostsFile: String,
                sshExecutable: String = "/usr/bin/ssh", connectTimeoutSeconds: Int = 10) {
        self.target = target
        self.identityFile = identityFile
        self.knownHostsFile = knownHostsFile
        self.sshExecutable = sshExecutable
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    /// The ssh command line (without the program), in the order ssh reads it.
    public var arguments: [String] {
        ["-T", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(knownHostsFile)",
         "-o", "GlobalKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=\(connectTimeoutSeconds)",
         "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3", "-i", identityFile, "-p", String(target.port),
         "-l", target.user, "--", target.host]
    }

    public func connect() async throws(SandboxError) -> FenceTransport {
        try start().transport
    }

    /// Starts ssh; the process stays reachable for `fence check`, which tells ssh's failures from the agent's.
    func start() throws(SandboxError) -> (transport: FenceTransport, ssh: SSHProcess) {
        for file in [identityFile, knownHostsFile] where !FileManager.default.isReadableFile(atPath: file) {
            throw SandboxError(.connectionLost, "cannot connect to \(target): \(file) is missing or unreadable")
        }
        let process: SpawnedProcess
        do {
            process = try SpawnedProcess.spawn(sshExecutable, arguments: ["ssh"] + arguments,
                                               environment: ProcessInfo.processInfo.environment
                                                   .filter { ["PATH", "HOME", "USER", "LOGNAME"].contains($0.key) },
                                               workingDirectory: nil, withInput: true)
        } catch {
            throw SandboxError(.connectionLost, "cannot start \(sshExecutable) to reach \(target): \(error.reason); "
                + "install openssh-client")
        }
        let ssh = SSHProcess(process)
        let transport = FenceTransport(
            reading: process.standardOutput, writing: process.standardInput!, peerName: "\(target)",
            processID: process.id, endReason: { ssh.endReason() }, onClose: { ssh.terminate() })
        return (transport, ssh)
    }
}

/// A running `ssh`: collects the tail of what it says on standard error and its exit status, for messages.
final class SSHProcess: Sendable {
    private struct State {
        var errorTail: [UInt8] = []
        var status: ExitStatus?
    }

    let process: SpawnedProcess
    private let state = LockedValue(State())
    private let ended = DispatchSemaphore(value: 0)

    init(_ process: SpawnedProcess) {
        self.process = process
        Thread { [state, ended] in
            while let chunk = FileDescriptorIO.readChunk(process.standardError), !chunk.isEmpty {
                state.withLock { $0.errorTail = Array(($0.errorTail + chunk).suffix(2048)) }
            }
            close(process.standardError)
            let status = process.waitForExit()
            state.withLock { $0.status = status }
            ended.signal()
        }.start()
    }

    /// ssh's exit status and last error lines, waiting up to two seconds for it to end.
    func outcome() -> (status: ExitStatus?, errors: String) {
        if ended.wait(timeout: .now() + 2) == .success { ended.signal() }
        return state.withLock { state in
            (state.status, String(decoding: state.errorTail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// Whether ssh itself failed (exit status 255) rather than the command it ran on the fence host.
    func endReason() -> String {
        let (status, errors) = outcome()
        let lines = errors.split(separator: "\n").suffix(3).joined(separator: " / ")
        switch status {
        case .exited(255): return "ssh failed" + (lines.isEmpty ? "" : ": \(lines)")
        case let status?: return "the fence command ended with \(status)" + (lines.isEmpty ? "" : ": \(lines)")
        case nil: return lines
        }
    }

    func terminate() {
        process.signalGroup(SIGTERM)
    }
}
