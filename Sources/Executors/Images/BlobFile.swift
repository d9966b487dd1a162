import Digests
import Foundation

/// A blob being downloaded: written to a temporary file next to its final place and hashed as it arrives, then
/// renamed into place only when its size and SHA-256 match the descriptor. A truncated, oversized or altered blob
/// is refused and its temporary file removed, so the store never holds a blob that is not what its name says.
final class BlobFile: HTTPBodySink {
    let descriptor: Descriptor
    let destination: String
    let temporaryPath: String
    private let file: Int32
    private var hasher = SHA256()
    private var received: Int64 = 0

    init(_ descriptor: Descriptor, destination: String) throws(ImageError) {
        self.descriptor = descriptor
        self.destination = destination
        temporaryPath = "\(destination).partial-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        file = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard file >= 0 else {
            throw ImageError(.storage, "cannot create \(temporaryPath) for blob \(descriptor.digest): \(RootedDirectory.lastError)")
        }
    }

    deinit {
        close(file)
        unlink(temporaryPath)  // gone already after a successful `commit`
    }

    func receive(_ bytes: UnsafeRawBufferPointer) throws(ImageError) {
        received += Int64(bytes.count)
        guard received <= descriptor.size else {
            throw ImageError(.invalidContent, "blob \(descriptor.digest) is longer than the \(descriptor.size) bytes its manifest says; refused")
        }
        hasher.update(Array(bytes))
        var written = 0
        while written < bytes.count {
            let count = write(file, bytes.baseAddress! + written, bytes.count - written)
            guard count > 0 else { throw ImageError(.storage, "cannot write \(temporaryPath): \(RootedDirectory.lastError)") }
            written += count
        }
    }

    /// Checks the whole blob arrived unaltered, then moves it into place; `source` names where it came from.
    func commit(source: String) throws(ImageError) {
        guard received == descriptor.size else {
            throw ImageError(.invalidContent, "blob \(descriptor.digest) from \(source) is truncated: \(received) of \(descriptor.size) bytes; refused")
        }
        let actual = Digest(finalized: hasher)
        guard actual == descriptor.digest else {
            throw ImageError(.invalidContent, "blob from \(source) has digest \(actual), not \(descriptor.digest); refused (corrupted or tampered)")
        }
        guard fsync(file) == 0, rename(temporaryPath, destination) == 0 else {
            throw ImageError(.storage, "cannot move blob \(descriptor.digest) into \(destination): \(RootedDirectory.lastError)")
        }
    }
}
