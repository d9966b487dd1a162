import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns a spawned process into an exec stream: standard output and error as they come, then its exit status.
/// One thread per process polls both pipes; another feeds standard input when there is some.
enum ProcessEvents {
    /// Streams `process`, feeding it `input` (nil: it has /dev/null already).
    static func stream(_ process: SpawnedProcess, input: [UInt8]?) -> AsyncThrowingStream<ExecEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ExecEvent.self)
        continuation.onTermination = { termination in
            // A consumer that stops listening before the exit abandons the command: end it.
            if case .cancelled = termination { process.signalGroup(SIGKILL) }
        }
        if let descriptor = process.standardInput {
            Thread {
                _ = FileDescriptorIO.writeAll(descriptor, input ?? [])
                close(descriptor)
            }.start()
        }
        Thread {
            let status = pump(process) { continuation.yield($0) }
            continuation.yield(.exit(status))
            continuation.finish()
        }.start()
        return stream
    }

    /// Reads both pipes until they close, or until the process has ended and nothing more is waiting: a
    /// background child that keeps a pipe open does not hold the command's exit hostage.
    private static func pump(_ process: SpawnedProcess, yield: (ExecEvent) -> Void) -> ExitStatus {
        var open: [(descriptor: Int32, isError: Bool)] = [(process.standardOutput, false), (process.standardError, true)]
        var ended: ExitStatus?
        defer { open.forEach { close($0.descriptor) } }
        while !open.isEmpty {
            var descriptors = open.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), ended == nil ? 100 : 0)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 {
                if ended != nil { break }
                ended = process.exitStatusIfEnded()
                continue
            }
            var closed: Set<Int32> = []
            for (index, entry) in open.enumerated() where descriptors[index].revents != 0 {
                guard let chunk = FileDescriptorIO.readChunk(entry.descriptor), !chunk.isEmpty else {
                    closed.insert(entry.descriptor)
                    continue
                }
                yield(entry.isError ? .standardError(chunk) : .standardOutput(chunk))
            }
            for descriptor in closed { close(descriptor) }
            open.removeAll { closed.contains($0.descriptor) }
        }
        return ended ?? process.waitForExit()
    }
}
