import CArchive
import Foundation

/// Unpacks one layer archive (tar, optionally gzip or zstd compressed) into a directory with libarchive, entry by
/// entry and never through a symlink (see `RootedDirectory`), refusing absolute paths and `..` (see `LayerPath`).
/// Device nodes and sockets are skipped: a job has no business creating them. Modes are kept; owners are shifted
/// into the sandbox's user-namespace range when running as root, so that container root owns the image's root
/// files and nothing in the image is owned by a real host user.
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

    /// The ids a user namespace maps; owners beyond it become `nobody` (65534) inside the range.
    public static let idRangeSize: Int64 = 65536
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
        guard let archive = archive_read_new() else { throw ImageError(.storage, "cannot set up libarchive to read \(path)") }
        defer { archive_read_free(archive) }
        archive_read_support_filter_all(archive)
        archive_read_support_format_tar(archive)
        guard archive_read_open_filename(archive, path, 1 << 16) == ARCHIVE_OK else {
            throw ImageError(.invalidContent, "cannot read layer \(path): \(Self.message(archive))")
        }
        let root = try RootedDirectory.openRoot(directory)
        var written = Set<[String]>()  // paths this layer created (and their parents): an opaque whiteout keeps them in `apply` mode
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN, let entry else {
                throw ImageError(.invalidContent, "layer \(path) is not a readable tar archive: \(Self.message(archive))")
            }
            let raw = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            let target = try LayerPath(raw)
            guard !target.isRoot else { continue }
            let parent = try root.walk(target.parent, missing: .create(owner: mappedOwner(uid: 0, gid: 0)), entry: raw)
            if try applyWhiteout(target, in: parent, written: written, entry: raw) { continue }
            try extract(entry, from: archive, as: target, in: parent, root: root, raw: raw, layer: path)
            for depth in 1...target.components.count { written.insert(Array(target.components.prefix(depth))) }
        }
    }

    /// Handles `.wh.` entries; returns false for every other entry.
    private func applyWhiteout(_ target: LayerPath, in parent: RootedDirectory, written: Set<[String]>, entry: String) throws(ImageError) -> Bool {
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

    private func extract(_ entry: OpaquePointer, from archive: OpaquePointer, as target: LayerPath, in parent: RootedDirectory,
                         root: RootedDirectory, raw: String, layer: String) throws(ImageError) {
        let name = target.name
        let mode = mode_t(archive_entry_perm(entry)) & 0o7777
        let owner = mappedOwner(uid: archive_entry_uid(entry), gid: archive_entry_gid(entry))
        func failed(_ what: String) -> ImageError {
            ImageError(.storage, "layer \(layer): cannot \(what) '\(raw)': \(RootedDirectory.lastError)")
        }
        if let link = archive_entry_hardlink(entry) {
            let linked = try LayerPath(String(cString: link))
            let linkedParent = try root.walk(linked.parent, missing: .fail, entry: raw)
            try parent.removeTree(name, entry: raw)
            guard linkat(linkedParent.descriptor, linked.name, parent.descriptor, name, 0) == 0 else { throw failed("hard-link to '\(linked)'") }
            return
        }
        // A later entry replaces an earlier one of the same name; a directory stays only when the new entry is one too.
        switch UInt32(archive_entry_filetype(entry)) {
        case SR_AE_IFDIR:
            if parent.fileType(name) != S_IFDIR {
                try parent.removeTree(name, entry: raw)
                guard mkdirat(parent.descriptor, name, 0o700) == 0 else { throw failed("create directory") }
            }
            let directory = try parent.child(name, entry: raw)
            if let owner, fchown(directory.descriptor, owner.uid, owner.gid) != 0 { throw failed("chown") }
            // Without root the unpacker itself must still be able to write into what it creates.
            guard fchmod(directory.descriptor, ownerOffset == nil ? mode | 0o700 : mode) == 0 else { throw failed("chmod") }
        case SR_AE_IFREG:
            try parent.removeTree(name, entry: raw)
            let file = openat(parent.descriptor, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard file >= 0 else { throw failed("create file") }
            defer { close(file) }
            try copyData(from: archive, to: file, length: archive_entry_size(entry), entry: raw, layer: layer)
            if let owner, fchown(file, owner.uid, owner.gid) != 0 { throw failed("chown") }
            guard fchmod(file, mode) == 0 else { throw failed("chmod") }  // after chown, which clears setuid bits
            var times = Self.modificationTimes(entry)
            _ = futimens(file, &times)
        case SR_AE_IFLNK:
            try parent.removeTree(name, entry: raw)
            let destination = archive_entry_symlink(entry).map { String(cString: $0) } ?? ""
            guard symlinkat(destination, parent.descriptor, name) == 0 else { throw failed("create symlink") }
            if let owner, fchownat(parent.descriptor, name, owner.uid, owner.gid, AT_SYMLINK_NOFOLLOW) != 0 { throw failed("chown") }
            var times = Self.modificationTimes(entry)
            _ = utimensat(parent.descriptor, name, &times, AT_SYMLINK_NOFOLLOW)
        case SR_AE_IFIFO:
            try parent.removeTree(name, entry: raw)
            guard mkfifoat(parent.descriptor, name, mode) == 0 else { throw failed("create fifo") }
            if let owner, fchownat(parent.descriptor, name, owner.uid, owner.gid, AT_SYMLINK_NOFOLLOW) != 0 { throw failed("chown") }
        default:
            break  // character and block devices, sockets: never created from an image
        }
    }

    private func copyData(from archive: OpaquePointer, to file: Int32, length: la_int64_t, entry: String, layer: String) throws(ImageError) {
        var block: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        while true {
            let status = archive_read_data_block(archive, &block, &size, &offset)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN else {
                throw ImageError(.invalidContent, "layer \(layer): cannot read '\(entry)': \(Self.message(archive))")
            }
            var written = 0
            while written < size {
                let count = pwrite(file, block! + written, size - written, off_t(offset) + off_t(written))
                guard count > 0 else { throw ImageError(.storage, "layer \(layer): cannot write '\(entry)': \(RootedDirectory.lastError)") }
                written += count
            }
        }
        // A sparse file may end in a hole, which no block covers: set the length the entry declares.
        guard ftruncate(file, off_t(length)) == 0 else {
            throw ImageError(.storage, "layer \(layer): cannot set the length of '\(entry)': \(RootedDirectory.lastError)")
        }
    }

    private func mappedOwner(uid: la_int64_t, gid: la_int64_t) -> (uid: uid_t, gid: gid_t)? {
        guard let ownerOffset else { return nil }
        func map(_ id: la_int64_t) -> UInt32 { ownerOffset + UInt32(id >= 0 && id < Self.idRangeSize ? id : 65534) }
        return (map(uid), map(gid))
    }

    private static func modificationTimes(_ entry: OpaquePointer) -> [timespec] {
        let modified = timespec(tv_sec: archive_entry_mtime(entry), tv_nsec: archive_entry_mtime_nsec(entry))
        return [modified, modified]
    }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}
