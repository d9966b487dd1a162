import Executors
import Foundation
import WorkflowParser

/// Repository actions (`owner/repo[/path]@ref`) downloaded once and kept on disk (see `ActionCacheLayout`), shared
/// by every job and process using the same `root`. One instance serves one job:
/// - a ref that is a full commit SHA cannot move, so what is on disk is used without asking the server;
/// - a branch or tag can move, so the first fetch in an instance downloads it again, and every later fetch of the
///   same repository and ref in that instance uses the same tree: fetched once per job however often it is used;
/// - concurrent fetches of one key, in this process or another, download once (a lock file per key), and the others
///   take the result.
public final class ActionCache: Sendable {
    public let root: String
    public let limits: ActionLimits
    private let http: HTTPClient
    private let defaultActionsURL: String
    private let instanceURL: String?
    private let token: String?
    private let layout: ActionCacheLayout
    /// The tree each cache key gave in this instance (this job).
    private let treesThisJob = LockedValue<[String: String]>([:])

    /// `defaultActionsURL` serves `owner/repo@ref` references (the job's, e.g. `https://data.forgejo.org`);
    /// `instanceURL` and `token` are the task's own instance and job token, sent to that instance only.
    public init(root: String, http: HTTPClient, defaultActionsURL: String, instanceURL: String?, token: String?,
                limits: ActionLimits = ActionLimits()) {
        self.root = root
        self.http = http
        self.defaultActionsURL = defaultActionsURL
        self.instanceURL = instanceURL
        self.token = token
        self.limits = limits
        layout = ActionCacheLayout(root: root)
    }

    /// The action's folder and manifest, downloading the repository when the rules above say so.
    public func fetch(_ action: RepositoryAction) async throws(ActionError) -> FetchedAction {
        let source = try ActionSource(action, defaultActionsURL: defaultActionsURL, instanceURL: instanceURL, token: token)
        return try await onOwnThread { [self] () throws(ActionError) -> FetchedAction in
            let tree = try tree(for: source)
            let path = action.path ?? ""
            let repository = "\(action.owner)/\(action.repository)@\(action.ref)"
            let folder = try ActionFolder.load(ActionFolder.Place(
                root: tree, path: path, action: "action \(action)", rootName: "the repository \(repository)",
                displayFolder: path.isEmpty ? repository : "\(repository)/\(path)",
                missingFolderHint: "check the path after the repository name in uses:"))
            return FetchedAction(directory: folder.directory, manifest: folder.manifest, repositoryDirectory: tree,
                                 cacheKey: source.cacheKey, source: source)
        }
    }

    /// The unpacked repository for `source`: this instance's earlier tree, a pinned commit's tree on disk, or a new
    /// download. Blocks while another fetch of the same key downloads.
    private func tree(for source: ActionSource) throws(ActionError) -> String {
        let key = source.cacheKey
        if let tree = treesThisJob.withLock({ $0[key] }) { return tree }
        try layout.createFolders()
        // The lock's own failures are `ImageError`s; the download's come out of it inside a `Result`.
        let result: Result<String, ActionError>
        do {
            result = try FileLock.withExclusiveLock(layout.lock(key)) { () throws(ImageError) -> Result<String, ActionError> in
                Result { () throws(ActionError) -> String in try treeHoldingLock(for: source) }
            }
        } catch {
            throw ActionError(error, context: "action \(source.action)")
        }
        return try result.get()
    }

    private func treeHoldingLock(for source: ActionSource) throws(ActionError) -> String {
        let key = source.cacheKey
        // A concurrent fetch in this instance may have finished while we waited for the lock.
        if let tree = treesThisJob.withLock({ $0[key] }) { return tree }
        let tree: String
        if source.action.isPinnedToCommit, let existing = layout.currentTree(key) {
            tree = existing
        } else {
            layout.removeLeftovers(key)
            tree = try ActionDownload(http: http, limits: limits, layout: layout).tree(for: source)
            try layout.point(key, at: tree)
        }
        treesThisJob.withLock { $0[key] = tree }
        return tree
    }
}
