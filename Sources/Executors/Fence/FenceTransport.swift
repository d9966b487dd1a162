import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A connection that carries fence frames over a pair of file descriptors: the agent's standard input and
/// output, the pipes to an `ssh` process, or an in-process pipe pair in tests.
///
/// One thread reads and decodes; `frames` yields what it decodes and ends at end of file (or throws
/// `protocolViolation` on garbage, `connectionLost` on a read error). Writes are whole frames under a lock, so
/// concurrent callers never interleave bytes.
public final class FenceTransport: Sendable {
    /// Frames from the peer, in order; ends when the peer closes its side.
    public let frames: AsyncThrowingStream<FenceFrame, any Error>
    /// Who is at the other end, for messages (`root@10.200.0.2:2222`).
    public let peerName: String
    /// The process that carries the connection (`ssh`), if it is one of ours.
    public let processID: pid_t?
    private let output: LockedValue<Int32?>
    private let onClose: @Sendable () -> Void
    private let endReason: @Sendable () -> String

    /// Reads frames from `reading` and writes to `writing`, and owns both descriptors from now on.
    /// `endReason` explains a lost connection (e.g. ssh's exit status and last error lines); `onClose` runs once
    /// when `close` is called (e.g. to end the ssh process).
    public init(reading: Int32, writing: Int32, peerName: String, processID: pid_t? = nil,
                endReason: @escaping @Sendable () -> String = { "" },
                onClose: @escaping @Sendable () -> Void = {}) {
        _ = FileDescriptorIO.ignoreBrokenPipes
        self.peerName = peerName
        self.processID = processID
        self.output = LockedValue(writing)
        self.onClose = onClose
        self.endReason = endReason
        let (frames, continuation) = AsyncThrowingStream.makeStream(of: FenceFrame.self)
        self.frames = frames
        Thread {
            Self.readFrames(from: reading, into: continuation, peerName: peerName, endReason: endReason)
        }.start()
    }

    /// Writes the frames, in order, as one piece. Fails with `connectionLost` once the peer is gone.
    public func send(_ frames: [FenceFrame]) throws(SandboxError) {
        let sent = output.withLock { descriptor in
            guard let descriptor else { return false }
            return frames.allSatisfy { FileDescriptorIO.writeAll(descriptor, $0.encoded()) }
        }
        guard sent else { throw lost("writing to it failed") }
    }

    public func send(_ frame: FenceFrame) throws(SandboxError) {
        try send([frame])
    }

    /// Closes our side; the peer sees end of file, and `frames` ends once the peer closes its side too (for ssh,
    /// `onClose` ends the process). Safe to call more than once.
    public func close() {
        let descriptor = output.withLock { descriptor in
            defer { descriptor = nil }
            return descriptor
        }
        guard let descriptor else { return }
        Glibc.close(descriptor)
        onClose()
    }

    /// The next frame from an iterator of `frames`, any failure as a SandboxError.
    func next(_ frames: inout AsyncThrowingStream<FenceFrame, any Error>.AsyncIterator)
        async throws(SandboxError) -> FenceFrame? {
        do {
            return try await frames.next()
        } catch let error as SandboxError {
            throw error
        } catch {
            throw lost("\(error)")
        }
    }

    func lost(_ what: String) -> SandboxError {
        let reason = endReason()
        return SandboxError(.connectionLost, "the fence connection to \(peerName) was lost (\(what))"
            + (reason.isEmpty ? "" : ": \(reason)") + "; the next operation reconnects")
    }

    private static func readFrames(from descriptor: Int32,
                                   into continuation: AsyncThrowingStream<FenceFrame, any Error>.Continuation,
                                   peerName: String, endReason: @Sendable () -> String) {
        defer { Glibc.close(descriptor) }
        var decoder = FenceFrameDecoder()
        while true {
            guard let bytes = FileDescriptorIO.readChunk(descriptor) else {
                continuation.finish(throwing: SandboxError(.connectionLost, "reading from \(peerName) failed: "
                    + String(cString: strerror(errno))))
                return
            }
            if bytes.isEmpty {
                if decoder.isInsideFrame {
                    let reason = endReason()
                    continuation.finish(throwing: SandboxError(.connectionLost, "\(peerName) closed the connection "
                        + "in the middle of a frame" + (reason.isEmpty ? "" : ": \(reason)")))
                } else {
                    continuation.finish()
                }
                return
            }
            decoder.append(bytes)
            do throws(SandboxError) {
                while let frame = try decoder.next() { continuation.yield(frame) }
            } catch {
                continuation.finish(throwing: error)
                return
            }
        }
    }
}

extension FenceTransport {
    /// The agent's connection: standard input and output, moved to descriptors of their own. Descriptor 0 then
    /// reads /dev/null and descriptor 1 writes to standard error, so nothing printed by accident can corrupt the
    /// protocol stream.
    public static func claimStandardIO(peerName: String) -> FenceTransport {
        let input = fcntl(0, F_DUPFD_CLOEXEC, 3)
        let output = fcntl(1, F_DUPFD_CLOEXEC, 3)
        let null = open("/dev/null", O_RDONLY)
        dup2(null, 0)
        Glibc.close(null)
        dup2(2, 1)
        return FenceTransport(reading: input, writing: output, peerName: peerName)
    }
}
