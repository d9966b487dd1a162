import WorkflowParser

/// A repository action ready on disk, as the job engine receives it from `ActionCache.fetch`.
public struct FetchedAction: Sendable {
    /// The action's folder: the unpacked repository plus the reference's path.
    public let directory: String
    public let manifest: ActionManifest
    /// The unpacked repository; it is shared and must stay unchanged (copy it into a sandbox, never write to it).
    public let repositoryDirectory: String
    /// The cache entry (SHA-256 of repository URL and ref) the repository was found under.
    public let cacheKey: String
    /// Where it was downloaded from.
    public let source: ActionSource
}
