import CArchive
import Foundation

/// Unpacks one image layer with `ArchiveExtractor` (all its safety rules), adding what only layers have: OCI
/// whiteouts, and owners shifted into the sandbox's user-namespace range when running as root, so that container
/// root owns the image's root files and nothing in the image is owned by a real host user. Modes are kept,
/// setuid bits included, and symlinks may point anywhere: they resolve inside the container's root.
public struct LayerUnpacker: Sendable {
    /// What OCI whiteouts (`.wh.NAME` deletes NAME from lower layers, `.wh..wh..opq` hides a directory's lower
    /// contents) turn into.
    public enum WhiteoutMode: Sendable {
        /// Each layer is its own directory, stacked later as overlayfs lower layers: a whiteout becomes overlayfs's
        /// own marker (a 0:0 character device; an opaque directory gets `trusted.overlay.opaque=y`). Needs root.
        case overlay
        /// Layers are applied one after the other onto a single directory: a whiteout deletes there.
        case apply
    }

    /// Added to every uid and gid (e.g. 100000); nil leaves owners to whoever unpacks (the usual case without root).
    public var ownerOffset: UInt32?
    public var whiteouts: WhiteoutMode

    /// The host-side start of the sandbox's id range, which `LocalSandbox`'s uid/gid map must match.
    public static let sandboxIDOffset: UInt32 = 100_000

    public init(ownerOffset: UInt32?, whiteouts: WhiteoutMode) {
        self.ownerOffset = ownerOffset
        self.whiteouts = whiteouts
    }

    /// Owners shifted by `sandboxIDOffset` when running as root (we can `chown`), else left alone; overlay whiteouts.
    public static func forCurrentUser() -> LayerUnpacker {
        LayerUnpacker(ownerOffset: geteuid() == 0 ? sandboxIDOffset : nil, whiteouts: .overlay)
    }

    public func unpack(archive path: String, into directory: String) throws(ImageError) {
        var written = Set<[String]>()  // paths this layer created (and their parents): an opaque whiteout keeps them in `apply` mode
        try ArchiveExtractor(ownerOffset: ownerOffset).unpack(archive: path, into: directory) { (target, parent, entry) throws(ImageError) in
            if try applyWhiteout(target, in: parent, written: written, entry: entry) { return true }
            for depth in 1...target.components.count { written.insert(Array(target.components.prefix(depth))) }
            return false
        }
    }

    /// Handles `.wh.` entries; returns false for every other entry.
    private func applyWhiteout(_ target: ArchivePath, in parent: RootedDirectory, written: Set<[String]>, entry: String) throws(ImageError) -> Bool {
        guard target.name.hasPrefix(".wh.") else { return false }
        if target.name == ".wh..wh..opq" {
            switch whiteouts {
            case .overlay:
                guard fsetxattr(parent.descriptor, "trusted.overlay.opaque", "y", 1, 0) == 0 else {
                    throw ImageError(.storage, "layer entry '\(entry)': cannot mark the directory opaque (trusted.overlay.opaque needs root): \(RootedDirectory.lastError)")
                }
            case .apply:
                for name in try parent.names() where !written.contains(target.parent.components + [name]) {
                    try parent.removeTree(name, entry: entry)
                }
            }
            return true
        }
        let hidden = String(target.name.dropFirst(".wh.".count))
        guard !hidden.isEmpty, hidden != ".", hidden != ".." else {
            throw ImageError(.unsafeLayer, "layer entry '\(entry)' is a whiteout of '\(hidden)', which is not a name")
        }
        try parent.removeTree(hidden, entry: entry)
        if whiteouts == .overlay {
            guard mknodat(parent.descriptor, hidden, S_IFCHR | 0o000, 0) == 0 else {
                throw ImageError(.storage, "layer entry '\(entry)': cannot create the overlay whiteout (a 0:0 device needs root): \(RootedDirectory.lastError)")
            }
        }
        return true
    }
}
