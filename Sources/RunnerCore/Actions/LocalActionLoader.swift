/// Loads `uses: ./path` actions from the job's workspace on this machine: the folder must exist below the workspace
/// (no `..` or symlink leading out of it) and hold `action.yml` or `action.yaml`, found as for remote actions.
public struct LocalActionLoader: Sendable {
    /// The workspace folder on this machine: the checked-out repository that `./` paths start from.
    public let workspace: String

    public init(workspace: String) {
        self.workspace = workspace
    }

    /// The action at `path`, relative to the workspace, as `ActionReference.local(path:)` holds it (a leading `./`
    /// is accepted too).
    public func load(_ path: String) throws(ActionError) -> ActionFolder {
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        let name = "local action ./\(relative)"
        guard !relative.hasPrefix("/") else {
            throw ActionError(.invalidReference, "\(name): a local action's path is relative to the workspace; write ./PATH")
        }
        return try ActionFolder.load(ActionFolder.Place(
            root: workspace, path: relative, action: name, rootName: "the workspace \(workspace)", displayFolder: relative,
            missingFolderHint: "local actions come from the workspace, so check out the repository first (actions/checkout) "
                + "and check the path in uses:"))
    }
}
