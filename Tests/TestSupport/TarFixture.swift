import CArchive
import Foundation

/// Tar archives (image layers, action repositories) built in the test with libarchive's writer, so hostile ones
/// (`../`, absolute paths, writes through symlinks) are exactly as crafted: `tar` itself would refuse to create some.
public struct TarFixture {
    public enum Kind: Sendable {
        case file([UInt8])
        case directory
        case symlink(to: String)
        case hardlink(to: String)
        case characterDevice
    }

    public struct Entry: Sendable {
        public var path: String
        public var kind: Kind
        public var mode: Int32
        public var uid: Int64
        public var gid: Int64

        public init(path: String, kind: Kind, mode: Int32 = 0o644, uid: Int64 = 0, gid: Int64 = 0) {
            self.path = path
            self.kind = kind
            self.mode = mode
            self.uid = uid
            self.gid = gid
        }
    }

    public static func file(_ path: String, _ text: String, mode: Int32 = 0o644, uid: Int64 = 0) -> Entry {
        Entry(path: path, kind: .file(Array(text.utf8)), mode: mode, uid: uid, gid: uid)
    }

    public static func directory(_ path: String, mode: Int32 = 0o755) -> Entry {
        Entry(path: path, kind: .directory, mode: mode)
    }

    public static func symlink(_ path: String, to target: String) -> Entry {
        Entry(path: path, kind: .symlink(to: target), mode: 0o777)
    }

    /// Writes a gzip-compressed tar archive and returns its bytes.
    @discardableResult
    public static func write(_ entries: [Entry], to path: String) throws -> [UInt8] {
        let archive = archive_write_new()
        defer { archive_write_free(archive) }
        archive_write_set_format_pax_restricted(archive)
        archive_write_add_filter_gzip(archive)
        guard archive_write_open_filename(archive, path) == ARCHIVE_OK else { throw FixtureError("cannot write \(path)") }
        for item in entries {
            let entry = archive_entry_new()
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname(entry, item.path)
            archive_entry_set_perm(entry, mode_t(item.mode))
            archive_entry_set_uid(entry, item.uid)
            archive_entry_set_gid(entry, item.gid)
            archive_entry_set_mtime(entry, 1_700_000_000, 0)
            var data: [UInt8] = []
            switch item.kind {
            case .file(let bytes):
                archive_entry_set_filetype(entry, SR_AE_IFREG)
                data = bytes
            case .directory: archive_entry_set_filetype(entry, SR_AE_IFDIR)
            case .symlink(let target):
                archive_entry_set_filetype(entry, SR_AE_IFLNK)
                archive_entry_set_symlink(entry, target)
            case .hardlink(let target):
                archive_entry_set_filetype(entry, SR_AE_IFREG)
                archive_entry_set_hardlink(entry, target)
            case .characterDevice:
                archive_entry_set_filetype(entry, SR_AE_IFCHR)
                archive_entry_set_rdevmajor(entry, 1)
                archive_entry_set_rdevminor(entry, 3)
            }
            archive_entry_set_size(entry, la_int64_t(data.count))
            guard archive_write_header(archive, entry) == ARCHIVE_OK else { throw FixtureError("cannot add \(item.path) to \(path)") }
            if !data.isEmpty { _ = data.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) } }
        }
        guard archive_write_close(archive) == ARCHIVE_OK else { throw FixtureError("cannot finish \(path)") }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
