/// What `hashFiles` may see of the workspace. Paths are relative to the workspace root, '/'-separated, with no
/// '.' or '..' segments ("" is the root itself). The runner passes a `LocalFileSystem` rooted at the job's
/// workspace; tests pass an in-memory one.
public protocol ExpressionFileSystem: Sendable {
    /// The workspace's absolute path, so that absolute patterns pointing inside it work.
    var rootPath: String { get }

    /// What is at `path`, or nil when nothing is there.
    func kind(of path: String) -> WorkspaceEntryKind?

    /// The names of the entries in directory `path`, in any order.
    func contents(ofDirectory path: String) throws -> [String]

    /// Hands the bytes of file `path` to `consume` a chunk at a time, so large files need not fit in memory.
    func read(file path: String, _ consume: ([UInt8]) -> Void) throws
}

/// The kinds of workspace entry `hashFiles` distinguishes.
public enum WorkspaceEntryKind: Sendable {
    /// Hashed when a pattern matches it (a symbolic link to a file counts as a file).
    case file
    /// Searched for matches.
    case directory
    /// Skipped, like a symbolic link to a directory (GitHub's search does not follow those) or a socket.
    case other
}
