import CSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why posix_spawn refused to start a child: its errno.
struct SpawnFailure: Error {
    var code: Int32
    var reason: String { String(cString: strerror(code)) }
}

/// A child process started with posix_spawn in a process group of its own (so a signal reaches everything it
/// started), every signal at its default action, and its standard streams on pipes.
final class SpawnedProcess: Sendable {
    let id: pid_t
    /// Our end of the child's standard input; nil when the child reads /dev/null.
    let standardInput: Int32?
    let standardOutput: Int32
    let standardError: Int32
    private let status = LockedValue<ExitStatus?>(nil)

    private init(id: pid_t, standardInput: Int32?, standardOutput: Int32, standardError: Int32) {
        self.id = id
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// Starts `executable` (a path) with exactly `environment`; `arguments[0]` is the program's name.
    static func spawn(_ executable: String, arguments: [String], environment: [String: String],
                      workingDirectory: String?, withInput: Bool) throws(SpawnFailure) -> SpawnedProcess {
        _ = FileDescriptorIO.ignoreBrokenPipes
        guard let output = FileDescriptorIO.makePipe() else { throw SpawnFailure(code: errno) }
        guard let error = FileDescriptorIO.makePipe() else {
            closeAll([output.read, output.write])
            throw SpawnFailure(code: errno)
        }
        let input = withInput ? FileDescriptorIO.makePipe() : nil
        if withInput, input == nil {
            closeAll([output.read, output.write, error.read, error.write])
            throw SpawnFailure(code: errno)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, error.write, 2)
        sr_spawn_file_actions_addclosefrom(&actions, 3)
        if let workingDirectory { sr_spawn_file_actions_addchdir(&actions, workingDirectory) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        var noSignal = sigset_t()
        sigemptyset(&noSignal)
        posix_spawnattr_setsigmask(&attributes, &noSignal)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        closeAll([output.write, error.write] + (input.map { [$0.read] } ?? []))
        guard result == 0 else {
            closeAll([output.read, error.read] + (input.map { [$0.write] } ?? []))
            throw SpawnFailure(code: result)
        }
        return SpawnedProcess(id: pid, standardInput: input?.write, standardOutput: output.read,
                              standardError: error.read)
    }

    /// The exit status if the child has ended, reaping it; nil while it runs.
    func exitStatusIfEnded() -> ExitStatus? {
        status.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            let result = waitpid(id, &raw, WNOHANG)
            if result == id { status = Self.decode(raw) }
            return status
        }
    }

    /// Blocks until the child ends, then reaps it. Waits without reaping first, so `signalGroup` never races a
    /// reaped (and possibly reused) process id while this thread blocks.
    func waitForExit() -> ExitStatus {
        var info = siginfo_t()
        while waitid(P_PID, id_t(id), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        while true {
            if let status = exitStatusIfEnded() { return status }
            usleep(1_000)
        }
    }

    /// Sends `signal` to the child's process group: the child and whatever it started that stayed in the group.
    func signalGroup(_ signal: Int32) {
        status.withLock { _ in _ = kill(-id, signal) }
    }

    private static func decode(_ raw: Int32) -> ExitStatus {
        let signal = raw & 0x7f
        return signal == 0 ? .exited((raw >> 8) & 0xff) : .signaled(signal)
    }

    private static func closeAll(_ descriptors: [Int32]) {
        for descriptor in descriptors { close(descriptor) }
    }
}
