import CArchive

/// gzip-compressed bytes, written with libarchive's gzip filter over its raw format: what a server sends with
/// `Content-Encoding: gzip`, so tests can check that a client decodes it.
public enum Gzip {
    public static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        let archive = archive_write_new()
        defer { archive_write_free(archive) }
        // Raw output must not be padded to a tar block: trailing zeros after the gzip member would be garbage.
        guard archive_write_add_filter_gzip(archive) == ARCHIVE_OK, archive_write_set_format_raw(archive) == ARCHIVE_OK,
              archive_write_set_bytes_in_last_block(archive, 1) == ARCHIVE_OK else {
            throw FixtureError("cannot set up libarchive's gzip writer")
        }
        // Incompressible input grows by a few bytes per 16 KiB block plus the header: this is ample.
        var output = [UInt8](repeating: 0, count: bytes.count + bytes.count / 100 + 1024)
        var used = 0
        let written: Bool = output.withUnsafeMutableBytes { buffer in
            guard archive_write_open_memory(archive, buffer.baseAddress, buffer.count, &used) == ARCHIVE_OK else { return false }
            let entry = archive_entry_new()
            defer { archive_entry_free(entry) }
            archive_entry_set_filetype(entry, SR_AE_IFREG)
            archive_entry_set_size(entry, la_int64_t(bytes.count))
            guard archive_write_header(archive, entry) == ARCHIVE_OK else { return false }
            let data = bytes.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
            return data == bytes.count && archive_write_close(archive) == ARCHIVE_OK
        }
        guard written else { throw FixtureError("libarchive could not gzip \(bytes.count) bytes") }
        return Array(output.prefix(used))
    }
}
