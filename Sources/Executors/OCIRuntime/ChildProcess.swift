#if canImport(Glibc)
import Glibc
#endif

/// A host process this library starts with `posix_spawn`: the runtime, `slirp4netns`. Every one is waited for
/// (`run`) or ended by its PID (`Spawned.stop`), never by name.
enum ChildProcess {
    enum Stream { case standardOutput, standardError }

    /// A long-lived child, e.g. `slirp4netns`.
    struct Spawned: Sendable {
        let pid: pid_t

        /// Sends SIGKILL and reaps the process; a process that already ended is only reaped.
        func stop() {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
    }

    /// Runs `arguments` (the first is an absolute path), writes `input` to its standard input (none: /dev/null),
    /// hands every chunk of its standard output and error to `onOutput` as it arrives, and blocks until it exits.
    /// Call it from a thread that may block, not from the cooperative pool.
    static func run(_ arguments: [String], input: [UInt8]?, onOutput: (Stream, [UInt8]) -> Void) throws(SandboxError) -> ExitStatus {
        var opened: [Int32] = []
        let output: (read: Int32, write: Int32)
        let errors: (read: Int32, write: Int32)
        var stdinPair: (read: Int32, write: Int32)?
        let pid: pid_t
        do throws(SandboxError) {
            output = try pipe(arguments)
            opened += [output.read, output.write]
            errors = try pipe(arguments)
            opened += [errors.read, errors.write]
            if input != nil {
                let pair = try pipe(arguments)
                opened += [pair.read, pair.write]
                stdinPair = pair
            }
            pid = try spawn(arguments, standardInput: stdinPair?.read, standardOutput: output.write,
                            standardError: errors.write, extra: nil)
        } catch {
            opened.forEach { close($0) }
            throw error
        }
        // The child has its copies; this side keeps only its own ends.
        [output.write, errors.write, stdinPair?.read].compactMap { $0 }.forEach { close($0) }
        pump(output: output.read, error: errors.read, input: stdinPair.flatMap { pair in input.map { (pair.write, $0) } },
             onOutput: onOutput)
        return wait(pid)
    }

    /// Runs `arguments` with standard output and error going to the file `log` (created or emptied), for a child
    /// that leaves processes behind which inherit them (the runtime's `run --detach`): a pipe would never reach end
    /// of file while they live.
    static func run(_ arguments: [String], log: String) throws(SandboxError) -> ExitStatus {
        let fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw SandboxError(.host, "could not create \(log): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        return wait(try spawn(arguments, standardInput: nil, standardOutput: fd, standardError: fd, extra: nil))
    }

    /// Starts `arguments` with no standard input and output going to /dev/null; `extra` becomes the child's
    /// descriptor 3 (e.g. a `--ready-fd`).
    static func start(_ arguments: [String], extra: Int32?) throws(SandboxError) -> Spawned {
        Spawned(pid: try spawn(arguments, standardInput: nil, standardOutput: nil, standardError: nil, extra: extra))
    }

    /// A connected pair of descriptors, close-on-exec from their first instant so that no other child started
    /// meanwhile inherits one (which would keep the other end from ever seeing end of file). A socket pair,
    /// because `pipe2` is not visible to Swift; writes use MSG_NOSIGNAL, so a reader that went away is EPIPE, not
    /// SIGPIPE for this process.
    static func pipe(_ arguments: [String]) throws(SandboxError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw SandboxError(.host, "could not create a socket pair for \(arguments[0]): \(String(cString: strerror(errno))); the host may be out of file descriptors")
        }
        return (fds[0], fds[1])
    }

    private static func spawn(_ arguments: [String], standardInput: Int32?, standardOutput: Int32?, standardError: Int32?,
                              extra: Int32?) throws(SandboxError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (source, target) in [(standardInput, Int32(0)), (standardOutput, 1), (standardError, 2)] {
            if let source {
                posix_spawn_file_actions_adddup2(&actions, source, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            }
        }
        if let extra { posix_spawn_file_actions_adddup2(&actions, extra, 3) }

        // The child starts with default signal dispositions and nothing blocked, whatever this process set.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw SandboxError(.host, "could not start \(arguments[0]): \(String(cString: strerror(result))); check that it is installed")
        }
        return pid
    }

    /// Moves bytes until both output pipes reach end of file; stdin is written as the child reads it.
    private static func pump(output: Int32, error: Int32, input: (fd: Int32, bytes: [UInt8])?,
                             onOutput: (Stream, [UInt8]) -> Void) {
        var descriptors = [pollfd(fd: output, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: error, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: input?.fd ?? -1, events: Int16(POLLOUT), revents: 0)]
        var written = 0
        var buffer = [UInt8](repeating: 0, count: 65536)
        if let input, input.bytes.isEmpty { shutdownInput(&descriptors[2]) }
        while descriptors[0].fd >= 0 || descriptors[1].fd >= 0 {
            guard poll(&descriptors, nfds_t(descriptors.count), -1) >= 0 || errno == EINTR else { break }
            for index in 0..<2 where descriptors[index].fd >= 0 && descriptors[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptors[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    onOutput(index == 0 ? .standardOutput : .standardError, Array(buffer[..<count]))
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(descriptors[index].fd)
                    descriptors[index].fd = -1
                }
            }
            if let input, descriptors[2].fd >= 0, descriptors[2].revents != 0 {
                let count = input.bytes[written...].withUnsafeBytes {
                    send(descriptors[2].fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
                }
                if count > 0 { written += count }
                // All written, or the child stopped reading (EPIPE): either way its input ends here.
                if written == input.bytes.count || (count < 0 && errno != EINTR && errno != EAGAIN) {
                    shutdownInput(&descriptors[2])
                }
            }
        }
        if descriptors[2].fd >= 0 { close(descriptors[2].fd) }
    }

    private static func shutdownInput(_ descriptor: inout pollfd) {
        close(descriptor.fd)
        descriptor.fd = -1
    }

    /// Reaps `pid`; a signal death is `.signaled`.
    static func wait(_ pid: pid_t) -> ExitStatus {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .exited(-1) }
        }
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}
