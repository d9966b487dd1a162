import Foundation

extension LocalSandbox {
    /// Runs the command with the runtime's `exec`: standard output and error arrive as separate events while it
    /// runs, then its exit status (a death by signal N is `.signaled(N)`). The stream ends when the command has
    /// exited and every process holding its output has closed it.
    public func exec(_ id: SandboxID, _ request: ExecRequest) -> AsyncThrowingStream<ExecEvent, any Error> {
        AsyncThrowingStream { continuation in
            let record: SandboxTable.Record
            do {
                record = try sandboxes.record(id)
            } catch {
                continuation.finish(throwing: error)
                return
            }
            let runtime = runtime
            let abandon = AbandonedExec(pidFile: record.layout.directory + "/exec-\(UInt64.random(in: 0...UInt64.max)).pid")
            continuation.onTermination = { termination in
                if case .cancelled = termination { abandon.abandon() }
            }
            Thread {
                defer { unlink(abandon.pidFile) }
                do throws(SandboxError) {
                    let status = try Self.run(runtime, id, record, request, pidFile: abandon.pidFile) { stream, bytes in
                        abandon.killIfAbandoned()
                        continuation.yield(stream == .standardOutput ? .standardOutput(bytes) : .standardError(bytes))
                    }
                    continuation.yield(.exit(status))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }.start()
        }
    }

    /// Unpacks `tar` into `path` (created if missing) with `tar -x` run inside the sandbox as its root, so no
    /// entry of the archive can land outside the sandbox, whatever names or links it holds.
    public func copyIn(_ id: SandboxID, path: String, tar: [UInt8]) async throws(SandboxError) {
        let request = ExecRequest(arguments: ["/bin/sh", "-c", "mkdir -p \"$1\" && exec tar -x -f - -C \"$1\"", "sh", path],
                                  user: "0:0", standardInput: tar)
        _ = try await collect(id, request, "unpack an archive into \(path)")
    }

    /// Packs `path` with `tar -c` run inside the sandbox; the archive holds one entry named as the path's last part.
    public func copyOut(_ id: SandboxID, path: String) async throws(SandboxError) -> [UInt8] {
        let url = URL(fileURLWithPath: path)
        let request = ExecRequest(arguments: ["tar", "-c", "-f", "-", "-C", url.deletingLastPathComponent().path, url.lastPathComponent],
                                  user: "0:0")
        return try await collect(id, request, "pack \(path)")
    }

    /// Runs `request` to its end and returns its standard output; a failure carries its standard error.
    private func collect(_ id: SandboxID, _ request: ExecRequest, _ what: String) async throws(SandboxError) -> [UInt8] {
        let record = try sandboxes.record(id)
        let runtime = runtime
        return try await onOwnThread { () throws(SandboxError) in
            var output: [UInt8] = []
            var errors: [UInt8] = []
            let status = try Self.run(runtime, id, record, request) { stream, bytes in
                if stream == .standardOutput { output += bytes } else { errors += bytes }
            }
            guard status.succeeded else {
                throw SandboxError(.runtime, "could not \(what) in \(id) (\(status)): \(String(decoding: errors, as: UTF8.self))")
            }
            return output
        }
    }

    /// One `exec` call, blocking until the command's output ends and it exits.
    private static func run(_ runtime: RuntimeCommand, _ id: SandboxID, _ record: SandboxTable.Record, _ request: ExecRequest,
                            pidFile: String? = nil,
                            onOutput: (ChildProcess.Stream, [UInt8]) -> Void) throws(SandboxError) -> ExitStatus {
        let user = try numericUser(request.user ?? record.user, runtime, id, record)
        let ids = user.split(separator: ":").compactMap { UInt32($0) }
        // The command, its environment (secrets among it) and its user go to the runtime in a private file, never
        // on its command line, where every user of the host could read them in /proc.
        let process = RuntimeConfig.execProcess(user: RuntimeConfig.User(uid: ids.first ?? 0, gid: ids.last ?? 0),
                                                args: try program(request, record, id),
                                                env: merge(record.environment, request.environment),
                                                cwd: request.workingDirectory ?? record.workingDirectory)
        let processFile = record.layout.directory + "/exec-\(UInt64.random(in: 0...UInt64.max)).json"
        try writePrivately(try process.encoded(), to: processFile)
        defer { unlink(processFile) }
        let arguments = ["exec", "--process", processFile] + (pidFile.map { ["--pid-file", $0] } ?? []) + [id.rawValue]
        let status = try ChildProcess.run(runtime.arguments(arguments), input: request.standardInput, onOutput: onOutput)
        return RuntimeCommand.execStatus(status)
    }

    private static func writePrivately(_ data: Data, to path: String) throws(SandboxError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SandboxError(.host, "could not create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard FileDescriptorIO.writeAll(descriptor, Array(data)) else {
            throw SandboxError(.host, "could not write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// What to run: the request's arguments, or the image's program with them.
    private static func program(_ request: ExecRequest, _ record: SandboxTable.Record, _ id: SandboxID) throws(SandboxError) -> [String] {
        guard request.runsImageProgram else { return request.arguments }
        let program = record.entrypoint + (request.arguments.isEmpty ? record.command : request.arguments)
        guard !program.isEmpty else {
            throw SandboxError(.refused, "the image of \(id) names no program (neither Entrypoint nor Cmd) and the request gives none")
        }
        return program
    }

    /// `uid:gid` for the runtime, which takes numbers only: a name is looked up with `id` inside the sandbox
    /// (in the image's own user database; the host's is never read).
    private static func numericUser(_ user: String?, _ runtime: RuntimeCommand, _ id: SandboxID,
                                    _ record: SandboxTable.Record) throws(SandboxError) -> String {
        guard let user, !user.isEmpty else { return "0:0" }
        let parts = user.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.allSatisfy({ UInt32($0) != nil }) { return parts.count == 2 ? user : "\(user):\(user)" }
        var output: [UInt8] = []
        let lookup = ["exec", "--user", "0:0", id.rawValue, "/bin/sh", "-c", "id -u \"$1\" && id -g \"$1\"", "sh", parts[0]]
        let status = try ChildProcess.run(runtime.arguments(lookup), input: nil) { stream, bytes in
            if stream == .standardOutput { output += bytes }
        }
        let ids = String(decoding: output, as: UTF8.self).split(separator: "\n")
        guard status.succeeded, ids.count == 2 else {
            throw SandboxError(.refused, "user \(parts[0]) does not exist in the image of \(id): use a user of the image or uid[:gid]")
        }
        return parts.count == 2 && UInt32(parts[1]) != nil ? "\(ids[0]):\(parts[1])" : "\(ids[0]):\(ids[1])"
    }
}

/// An exec whose consumer stopped listening before the command ended: the command is killed (with its process
/// group) by the host PID the runtime wrote, not left running in the sandbox. The runtime may write that file
/// after the command's first output, so a consumer that leaves before it exists is caught up with by a short
/// watch (and at the latest by `destroy`).
final class AbandonedExec: Sendable {
    let pidFile: String
    private let abandoned = LockedValue(false)

    init(pidFile: String) {
        self.pidFile = pidFile
    }

    func abandon() {
        abandoned.withLock { $0 = true }
        guard !kill() else { return }
        Thread {
            for _ in 0..<500 {
                usleep(10_000)
                if self.kill() { return }
            }
        }.start()
    }

    func killIfAbandoned() {
        if abandoned.withLock({ $0 }) { _ = kill() }
    }

    /// False while the runtime has not written the PID yet.
    private func kill() -> Bool {
        guard let pid = HostFacts.readTrimmed(pidFile).flatMap({ pid_t($0) }), pid > 1 else { return false }
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
        return true
    }
}
