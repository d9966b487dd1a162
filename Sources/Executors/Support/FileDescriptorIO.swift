import CSpawn
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Blocking reads and writes on raw file descriptors (pipes), retried on EINTR.
enum FileDescriptorIO {
    /// Writes every byte; false when the reader went away (EPIPE) or another error stopped it.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Reads what is available, at most `limit` bytes: an empty array at end of file, nil on an error.
    static func readChunk(_ descriptor: Int32, limit: Int = 64 * 1024) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: limit)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, limit) }
            if count >= 0 { return Array(buffer[0..<count]) }
            if errno != EINTR { return nil }
        }
    }

    /// A pipe whose two ends close on exec, so no other child inherits them by accident.
    static func makePipe() -> (read: Int32, write: Int32)? {
        var ends: [Int32] = [0, 0]
        guard sr_pipe_cloexec(&ends) == 0 else { return nil }
        return (ends[0], ends[1])
    }

    /// Writing to a pipe whose reader is gone must fail with EPIPE, not kill the whole process with SIGPIPE.
    /// Children get the default action back (posix_spawn resets every signal).
    static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}
