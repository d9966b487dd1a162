import Foundation

/// Layers on disk, content-addressed under `root`:
/// - `blobs/sha256/<hex>`: verified compressed layer blobs, exactly as the registry served them;
/// - `layers/sha256/<hex>`: each blob unpacked into its own directory (an overlayfs lower layer), named by the blob;
/// - `locks/sha256/<hex>`: one lock file per digest, so a layer that concurrent pulls need is fetched and unpacked
///   once while the others wait, then find it done.
/// Everything reaches its final name by `rename`, so a crash leaves only temporary names, never a half layer.
public struct LayerStore: Sendable {
    public let root: String
    public let unpacker: LayerUnpacker

    public init(root: String, unpacker: LayerUnpacker = .forCurrentUser()) throws(ImageError) {
        self.root = root
        self.unpacker = unpacker
        for folder in ["blobs/sha256", "layers/sha256", "locks/sha256"] {
            do { try FileManager.default.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true) } catch {
                throw ImageError(.storage, "cannot create the layer store folder \(root)/\(folder): \(error.localizedDescription)")
            }
        }
    }

    public func blobPath(_ digest: Digest) -> String { "\(root)/blobs/sha256/\(digest.hex)" }
    public func layerPath(_ digest: Digest) -> String { "\(root)/layers/sha256/\(digest.hex)" }

    /// The unpacked directory of a layer, fetching the blob with `download` (which must leave a verified blob at the
    /// path it is given) and unpacking it only if no one has yet.
    public func layer(_ descriptor: Descriptor, download: (_ destination: String) throws(ImageError) -> Void) throws(ImageError) -> String {
        let digest = descriptor.digest
        let directory = layerPath(digest)
        return try FileLock.withExclusiveLock("\(root)/locks/sha256/\(digest.hex)") { () throws(ImageError) -> String in
            if FileManager.default.fileExists(atPath: directory) { return directory }
            let blob = blobPath(digest)
            if !FileManager.default.fileExists(atPath: blob) { try download(blob) }
            let unpacking = "\(directory).unpacking-\(getpid())"
            try? FileManager.default.removeItem(atPath: unpacking)  // left by a crash; we hold the lock
            guard mkdir(unpacking, 0o755) == 0 else {
                throw ImageError(.storage, "cannot create \(unpacking): \(RootedDirectory.lastError)")
            }
            do throws(ImageError) {
                try unpacker.unpack(archive: blob, into: unpacking)
                if let offset = unpacker.ownerOffset { _ = chown(unpacking, offset, offset) }  // the layer's root is container root's
                guard rename(unpacking, directory) == 0 else {
                    throw ImageError(.storage, "cannot move \(unpacking) to \(directory): \(RootedDirectory.lastError)")
                }
            } catch {
                try? FileManager.default.removeItem(atPath: unpacking)
                throw error
            }
            return directory
        }
    }
}
