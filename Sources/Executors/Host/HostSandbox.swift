import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs commands on the host itself, with no isolation: for runner labels an admin marked `host`, and as the
/// backend of fence tests. A sandbox is a fresh directory under `root`; relative paths (working directories,
/// copy paths) are inside it, absolute paths are the host's own.
///
/// What it does not do, because there is nothing to do it with: images (only `native`, the host itself), mounts,
/// users, resource limits, a network of its own. Commands start from a small environment (PATH, HOME = the
/// sandbox directory), never from the agent's, then the spec's and the request's variables. Each exec runs in a
/// process group of its own; `signal` and `destroy` reach those groups, so a process that leaves its group
/// (setsid) escapes them.
public final class HostSandbox: Sandbox {
    private struct Entry {
        var directory: String
        var spec: SandboxSpec
        /// Process groups of execs started here, kept until the sandbox is destroyed.
        var processes: [pid_t: SpawnedProcess] = [:]
    }

    public let root: String
    private let entries = LockedValue<[SandboxID: Entry]>([:])
    private static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Keeps sandbox directories under `root`, creating it when missing.
    public init(root: String) throws(SandboxError) {
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw SandboxError(.host, "cannot create the host sandbox root \(root): \(error.localizedDescription)")
        }
        self.root = root
    }

    public func create(_ spec: SandboxSpec) async throws(SandboxError) -> SandboxID {
        if case .registry(let image) = spec.image {
            throw SandboxError(.refused, "a host sandbox runs on the host itself and cannot use image \(image); "
                + "use a docker:// label on a fence host, or `native`")
        }
        if let mount = spec.mounts.first {
            throw SandboxError(.refused, "a host sandbox cannot mount \(mount.hostPath) at \(mount.sandboxPath): "
                + "it has no filesystem of its own; use the host path directly")
        }
        let id = SandboxID("host-" + UUID().uuidString.lowercased())
        let directory = root + "/" + id.rawValue
        guard mkdir(directory, 0o700) == 0 else {
            throw SandboxError(.host, "cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        entries.withLock { $0[id] = Entry(directory: directory, spec: spec) }
        return id
    }

    public func exec(_ id: SandboxID, _ request: ExecRequest) -> AsyncThrowingStream<ExecEvent, any Error> {
        do throws(SandboxError) {
            let entry = try entry(id)
            guard request.user == nil else {
                throw SandboxError(.refused, "a host sandbox runs commands as the agent's own user; it cannot "
                    + "switch to user \(request.user ?? "")")
            }
            guard let program = request.arguments.first else {
                throw SandboxError(.refused, "exec in \(id) needs a command: the argument list is empty")
            }
            let environment = Self.environment(for: entry, request)
            let directory = Self.resolve(request.workingDirectory ?? entry.spec.workingDirectory, in: entry.directory)
            guard let executable = Self.executable(program, path: environment["PATH"] ?? "") else {
                return Self.failedStart(status: 127, "\(program): command not found (searched PATH)")
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                return Self.failedStart(status: 126, "working directory \(directory) does not exist")
            }
            let process: SpawnedProcess
            do {
                process = try SpawnedProcess.spawn(executable, arguments: request.arguments, environment: environment,
                                                   workingDirectory: directory,
                                                   withInput: request.standardInput != nil)
            } catch {
                return Self.failedStart(status: 126, "\(program): cannot start: \(error.reason)")
            }
            let adopted = entries.withLock { entries in
                entries[id]?.processes[process.id] = process
                return entries[id] != nil
            }
            if !adopted { process.signalGroup(SIGKILL) }  // destroyed while it started
            return ProcessEvents.stream(process, input: request.standardInput)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
    }

    public func copyIn(_ id: SandboxID, path: String, tar: [UInt8]) async throws(SandboxError) {
        let directory = Self.resolve(path, in: try entry(id).directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SandboxError(.host, "copy into \(id): cannot create \(directory): \(error.localizedDescription)")
        }
        _ = try await runTar(["tar", "-x", "-f", "-", "-C", directory], input: tar, what: "unpack into \(directory)")
    }

    /// The archive holds `path`'s last component with everything under it, as `docker cp` does.
    public func copyOut(_ id: SandboxID, path: String) async throws(SandboxError) -> [UInt8] {
        let full = Self.resolve(path, in: try entry(id).directory)
        let url = URL(fileURLWithPath: full).standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SandboxError(.notFound, "copy out of \(id): \(url.path) does not exist")
        }
        let parent = url.deletingLastPathComponent().path
        let name = url.path == "/" ? "." : url.lastPathComponent
        return try await runTar(["tar", "-c", "-f", "-", "-C", parent, name], input: nil, what: "pack \(url.path)")
    }

    public func signal(_ id: SandboxID, _ signal: Int32) async throws(SandboxError) {
        for process in try entry(id).processes.values { process.signalGroup(signal) }
    }

    /// Kills every process group the sandbox started, then removes its directory (retrying briefly while the
    /// killed processes may still be leaving files behind).
    public func destroy(_ id: SandboxID) async throws(SandboxError) {
        guard let entry = entries.withLock({ $0.removeValue(forKey: id) }) else { return }
        for process in entry.processes.values { process.signalGroup(SIGKILL) }
        var failure: (any Error)?
        for attempt in 0..<10 where FileManager.default.fileExists(atPath: entry.directory) {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(20)) }
            do {
                try FileManager.default.removeItem(atPath: entry.directory)
                failure = nil
            } catch {
                failure = error
            }
        }
        if let failure {
            throw SandboxError(.host, "destroy \(id): cannot remove \(entry.directory): \(failure.localizedDescription)")
        }
    }

    public func info() async throws(SandboxError) -> SandboxHostInfo {
        SandboxHostInfo(runtime: "host (no isolation)",
                        cgroupMode: (try? HostFacts.cgroupMode(root: "/sys/fs/cgroup"))?.rawValue ?? "none",
                        userNamespaces: HostFacts.userNamespacesAvailable(), freeDiskBytes: HostFacts.freeDiskBytes(at: root))
    }

    private func entry(_ id: SandboxID) throws(SandboxError) -> Entry {
        guard let entry = entries.withLock({ $0[id] }) else {
            throw SandboxError(.notFound, "no host sandbox \(id) (never created, or destroyed)")
        }
        return entry
    }

    /// Runs tar on the host; its standard output is the result.
    private func runTar(_ arguments: [String], input: [UInt8]?, what: String) async throws(SandboxError) -> [UInt8] {
        guard let tar = Self.executable("tar", path: Self.defaultPath) else {
            throw SandboxError(.host, "cannot \(what): no tar in \(Self.defaultPath); install the tar package")
        }
        let process: SpawnedProcess
        do {
            process = try SpawnedProcess.spawn(tar, arguments: arguments, environment: ["PATH": Self.defaultPath],
                                               workingDirectory: nil, withInput: input != nil)
        } catch {
            throw SandboxError(.host, "cannot \(what): tar did not start: \(error.reason)")
        }
        var output: [UInt8] = []
        var errors: [UInt8] = []
        var status = ExitStatus.exited(-1)
        do {
            for try await event in ProcessEvents.stream(process, input: input) {
                switch event {
                case .standardOutput(let bytes): output += bytes
                case .standardError(let bytes): errors += bytes
                case .exit(let exit): status = exit
                }
            }
        } catch {
            throw SandboxError(.host, "cannot \(what): \(error)")
        }
        guard status.succeeded else {
            let message = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw SandboxError(.host, "cannot \(what): tar ended with \(status): \(message)")
        }
        return output
    }

    private static func environment(for entry: Entry, _ request: ExecRequest) -> [String: String] {
        var environment = ["PATH": defaultPath, "HOME": entry.directory]
        environment.merge(entry.spec.environment) { $1 }
        environment.merge(request.environment) { $1 }
        return environment
    }

    private static func resolve(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }

    /// `program` itself when it names a path, else the first executable of that name along `path`.
    private static func executable(_ program: String, path: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        return path.split(separator: ":").map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A command that could not start ends as a shell's would: a message on standard error and 126 or 127.
    private static func failedStart(status: Int32, _ message: String) -> AsyncThrowingStream<ExecEvent, any Error> {
        AsyncThrowingStream { continuation in
            continuation.yield(.standardError(Array("swift-runner: \(message)\n".utf8)))
            continuation.yield(.exit(.exited(status)))
            continuation.finish()
        }
    }
}
