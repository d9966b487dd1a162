import Foundation

/// A blob being downloaded: written to a temporary file next to its final place and hashed as it arrives, then
/// renamed into place only when its size and SHA-256 match the descriptor. A truncated, oversized or altered blob
/// is refused and its temporary file removed, so the store never holds a blob that is not what its name says.
final class BlobFile: HTTPBodySink {
    let descriptor: Descriptor
    let destination: String
    private let download: DownloadFile

    init(_ descriptor: Descriptor, destination: String) throws(ImageError) {
        self.descriptor = descriptor
        self.destination = destination
        download = try DownloadFile(
            path: "\(destination).partial-\(getpid())-\(UInt64.random(in: 0...UInt64.max))", limit: descriptor.size,
            tooLarge: "blob \(descriptor.digest) is longer than the \(descriptor.size) bytes its manifest says; refused")
    }

    func receive(_ bytes: UnsafeRawBufferPointer) throws(ImageError) {
        try download.receive(bytes)
    }

    /// Checks the whole blob arrived unaltered, then moves it into place; `source` names where it came from.
    func commit(source: String) throws(ImageError) {
        guard download.size == descriptor.size else {
            throw ImageError(.invalidContent, "blob \(descriptor.digest) from \(source) is truncated: \(download.size) of \(descriptor.size) bytes; refused")
        }
        let actual = download.digest
        guard actual == descriptor.digest else {
            throw ImageError(.invalidContent, "blob from \(source) has digest \(actual), not \(descriptor.digest); refused (corrupted or tampered)")
        }
        try download.keep(as: destination)
    }
}
