import CArchive
import Foundation

/// Unpacks an untrusted tar archive (plain, gzip, zstd: whatever libarchive reads) into a directory with libarchive,
/// entry by entry and never through a symlink (see `RootedDirectory`), refusing absolute paths and `..` (see
/// `ArchivePath`). Device nodes and sockets are skipped: a job has no business creating them. Image layers
/// (`LayerUnpacker`) and action repositories (RunnerCore's action cache) both come through here; the properties say
/// where the two differ.
public struct ArchiveExtractor: Sendable {
    /// Added to every uid and gid (a sandbox's user-namespace range); nil leaves owners to whoever unpacks.
    public var ownerOffset: UInt32?
    /// The ids a user namespace maps; with an `ownerOffset`, owners beyond it become `nobody` (65534) inside the range.
    public static let idRangeSize: Int64 = 65536
    /// Drops the one folder every entry sits under, as in a repository archive (`repo/action.yml`). An entry outside
    /// it, or beside it, is refused rather than merged.
    public var stripsTopFolder: Bool
    /// Requires every symlink to lead somewhere inside the unpacked tree, checked after the last entry, when every
    /// link it may pass through exists. Off for image layers, whose links resolve inside a container's root (where
    /// `/etc` is the image's own); on for files the runner itself reads, such as an action's `action.yml`.
    public var confinesSymlinks: Bool
    /// Keeps setuid, setgid and sticky bits: image layers need them (`/usr/bin/passwd`); a tree kept on the runner's
    /// own disk must not offer a setuid program to other local users.
    public var keepsSpecialModes: Bool
    /// The most file bytes one archive may unpack to, so a small compressed archive cannot fill the disk; nil sets no
    /// limit.
    public var maximumUnpackedSize: Int64?

    public init(ownerOffset: UInt32? = nil, stripsTopFolder: Bool = false, confinesSymlinks: Bool = false,
                keepsSpecialModes: Bool = true, maximumUnpackedSize: Int64? = nil) {
        self.ownerOffset = ownerOffset
        self.stripsTopFolder = stripsTopFolder
        self.confinesSymlinks = confinesSymlinks
        self.keepsSpecialModes = keepsSpecialModes
        self.maximumUnpackedSize = maximumUnpackedSize
    }

    /// Unpacks `path` into the existing `directory`. Errors start with `label`, `archive <path>` unless the caller
    /// has a better name for it (a download's temporary file means nothing to a user).
    public func unpack(archive path: String, into directory: String, label: String? = nil) throws(ImageError) {
        try unpack(archive: path, into: directory, label: label) { (_, _, _) throws(ImageError) in false }
    }

    /// Unpacks `path`, first offering each entry to `intercept`, which returns true when it handled the entry itself
    /// (an OCI whiteout) and it must not be extracted.
    func unpack(archive path: String, into directory: String, label: String? = nil,
                intercept: (_ target: ArchivePath, _ parent: RootedDirectory, _ entry: String) throws(ImageError) -> Bool)
    throws(ImageError) {
        var state = State(label: label ?? "archive \(path)")
        guard let archive = archive_read_new() else { throw ImageError(.storage, "cannot set up libarchive to read \(state.label)") }
        defer { archive_read_free(archive) }
        archive_read_support_filter_all(archive)
        archive_read_support_format_tar(archive)
        guard archive_read_open_filename(archive, path, 1 << 16) == ARCHIVE_OK else {
            throw ImageError(.invalidContent, "cannot read \(state.label): \(Self.message(archive))")
        }
        let root = try RootedDirectory.openRoot(directory)
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN, let entry else {
                throw ImageError(.invalidContent, "\(state.label) is not a readable tar archive: \(Self.message(archive))")
            }
            let raw = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            let target = try placed(ArchivePath(raw), raw: raw, state: &state)
            guard !target.isRoot else {
                if stripsTopFolder, UInt32(archive_entry_filetype(entry)) != SR_AE_IFDIR {
                    throw ImageError(.invalidContent, "\(state.label): entry '\(raw)' sits beside the top folder; "
                        + "a repository archive keeps everything inside one folder")
                }
                continue
            }
            let parent = try root.walk(target.parent, missing: .create(owner: mappedOwner(uid: 0, gid: 0)), entry: raw)
            if try intercept(target, parent, raw) { continue }
            try extract(entry, from: archive, as: target, in: parent, root: root, raw: raw, state: &state)
        }
        if confinesSymlinks {
            for link in state.symlinks {
                do { _ = try root.resolve(link.components, inside: "the unpacked archive") } catch {
                    throw ImageError(.unsafeLayer, "\(state.label): \(error.message); archives may only link inside themselves")
                }
            }
        }
    }

    /// What one unpack has seen so far.
    private struct State {
        /// How errors name the archive.
        let label: String
        /// The first component every entry shares, when `stripsTopFolder`.
        var topFolder: String?
        /// Symlinks created, checked at the end when `confinesSymlinks`.
        var symlinks: [ArchivePath] = []
        var unpackedSize: Int64 = 0
    }

    /// Where an entry (or a hard link's target) goes: its own path, or without the top folder.
    private func placed(_ path: ArchivePath, raw: String, state: inout State) throws(ImageError) -> ArchivePath {
        guard stripsTopFolder, let first = path.components.first else { return path }
        if let top = state.topFolder, top != first {
            throw ImageError(.invalidContent, "\(state.label): entry '\(raw)' is outside the top folder '\(top)'; "
                + "a repository archive keeps everything inside one folder")
        }
        state.topFolder = first
        return ArchivePath(components: Array(path.components.dropFirst()))
    }

    private func extract(_ entry: OpaquePointer, from archive: OpaquePointer, as target: ArchivePath, in parent: RootedDirectory,
                         root: RootedDirectory, raw: String, state: inout State) throws(ImageError) {
        let name = target.name
        let mode = mode_t(archive_entry_perm(entry)) & (keepsSpecialModes ? 0o7777 : 0o777)
        let owner = mappedOwner(uid: archive_entry_uid(entry), gid: archive_entry_gid(entry))
        func failed(_ what: String) -> ImageError {
            ImageError(.storage, "\(state.label): cannot \(what) '\(raw)': \(RootedDirectory.lastError)")
        }
        if let link = archive_entry_hardlink(entry) {
            let linked = try placed(ArchivePath(String(cString: link)), raw: raw, state: &state)
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
            try copyData(from: archive, to: file, length: archive_entry_size(entry), entry: raw, state: &state)
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
            if confinesSymlinks { state.symlinks.append(target) }
        case SR_AE_IFIFO:
            try parent.removeTree(name, entry: raw)
            guard mkfifoat(parent.descriptor, name, mode) == 0 else { throw failed("create fifo") }
            if let owner, fchownat(parent.descriptor, name, owner.uid, owner.gid, AT_SYMLINK_NOFOLLOW) != 0 { throw failed("chown") }
        default:
            break  // character and block devices, sockets: never created from an archive
        }
    }

    private func copyData(from archive: OpaquePointer, to file: Int32, length: la_int64_t, entry: String,
                          state: inout State) throws(ImageError) {
        state.unpackedSize += Int64(length)
        if let maximumUnpackedSize, state.unpackedSize > maximumUnpackedSize {
            throw ImageError(.invalidContent, "\(state.label) unpacks to more than \(maximumUnpackedSize) bytes "
                + "(reached at '\(entry)'); refused as too large")
        }
        var block: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        while true {
            let status = archive_read_data_block(archive, &block, &size, &offset)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN else {
                throw ImageError(.invalidContent, "\(state.label): cannot read '\(entry)': \(Self.message(archive))")
            }
            var written = 0
            while written < size {
                let count = pwrite(file, block! + written, size - written, off_t(offset) + off_t(written))
                guard count > 0 else { throw ImageError(.storage, "\(state.label): cannot write '\(entry)': \(RootedDirectory.lastError)") }
                written += count
            }
        }
        // A sparse file may end in a hole, which no block covers: set the length the entry declares.
        guard ftruncate(file, off_t(length)) == 0 else {
            throw ImageError(.storage, "\(state.label): cannot set the length of '\(entry)': \(RootedDirectory.lastError)")
        }
    }

    func mappedOwner(uid: la_int64_t, gid: la_int64_t) -> (uid: uid_t, gid: gid_t)? {
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
