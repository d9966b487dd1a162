import WorkflowParser

/// Where a job gets the actions its steps use from a repository (`owner/repo@ref`, `https://host/owner/repo@ref`):
/// the action cache in production, a folder of fixtures in tests. Local actions (`./path`) and `docker://`
/// images need no provider: they come from the workspace and the registry.
public protocol ActionProvider: Sendable {
    /// The action's folder on this machine and its manifest; fetched at most once per job.
    func fetch(_ action: RepositoryAction) async throws -> FetchedAction
}

extension ActionCache: ActionProvider {}
