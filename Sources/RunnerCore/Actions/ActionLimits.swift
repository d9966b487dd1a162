/// Bounds on what one action download may cost, so a wrong or hostile repository is a clear error rather than a
/// full disk. Real actions are far below both: a bundled JavaScript action is a few MiB.
public struct ActionLimits: Sendable, Equatable {
    /// The largest archive downloaded, in bytes.
    public var archiveSize: Int64
    /// The most file bytes one archive may unpack to (a small gzip file can hold a huge tree).
    public var unpackedSize: Int64

    public init(archiveSize: Int64 = 512 << 20, unpackedSize: Int64 = 2 << 30) {
        self.archiveSize = archiveSize
        self.unpackedSize = unpackedSize
    }

    /// A size as people read it in an error: whole MiB when it is one, else bytes.
    static func describe(_ bytes: Int64) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
