import Digests
import Foundation

/// A response body written to a new file and hashed as it arrives, refused beyond `limit` bytes so a server cannot
/// fill the disk. What the bytes must be is the user's business: `BlobFile` checks them against a manifest's
/// descriptor and keeps them; the action cache unpacks them and lets the file go. The file is removed when this
/// goes away, unless `keep(as:)` moved it into place first.
public final class DownloadFile: HTTPBodySink {
    public let path: String
    public let limit: Int64
    /// Bytes received so far.
    public private(set) var size: Int64 = 0
    private let tooLarge: String
    private let file: Int32
    private var hasher = SHA256()

    /// Creates `path`, which must not exist yet. `tooLarge` is the whole error message when more than `limit` bytes
    /// arrive.
    public init(path: String, limit: Int64, tooLarge: String) throws(ImageError) {
        self.path = path
        self.limit = limit
        self.tooLarge = tooLarge
        file = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw ImageError(.storage, "cannot create \(path) for a download: \(RootedDirectory.lastError)") }
    }

    deinit {
        close(file)
        unlink(path)  // gone already after `keep(as:)`
    }

    public func receive(_ bytes: UnsafeRawBufferPointer) throws(ImageError) {
        size += Int64(bytes.count)
        guard size <= limit else { throw ImageError(.invalidContent, tooLarge) }
        hasher.update(Array(bytes))
        var written = 0
        while written < bytes.count {
            let count = write(file, bytes.baseAddress! + written, bytes.count - written)
            guard count > 0 else { throw ImageError(.storage, "cannot write \(path): \(RootedDirectory.lastError)") }
            written += count
        }
    }

    /// The SHA-256 of the bytes received so far.
    public var digest: Digest { Digest(finalized: hasher) }

    /// Flushes the file to disk and renames it to `destination`.
    public func keep(as destination: String) throws(ImageError) {
        guard fsync(file) == 0, rename(path, destination) == 0 else {
            throw ImageError(.storage, "cannot move \(path) to \(destination): \(RootedDirectory.lastError)")
        }
    }
}
