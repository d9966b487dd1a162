/// Bounds on the work one file may cause, so hostile input is a clear error and never an out-of-memory.
public struct YAMLLimits: Sendable {
    /// Largest file accepted, in bytes. GitHub refuses workflow files of a few hundred KiB; 2 MiB leaves room.
    public var maximumFileSize: Int
    /// Deepest nesting of sequences and mappings; real workflows stay under 15.
    public var maximumDepth: Int
    /// Nodes that aliases may add to the tree in total: an alias bomb ("billion laughs") stops here.
    public var maximumAliasExpansion: Int

    public init(maximumFileSize: Int = 2 << 20, maximumDepth: Int = 100, maximumAliasExpansion: Int = 100_000) {
        self.maximumFileSize = maximumFileSize
        self.maximumDepth = maximumDepth
        self.maximumAliasExpansion = maximumAliasExpansion
    }

    public static let `default` = YAMLLimits()
}
