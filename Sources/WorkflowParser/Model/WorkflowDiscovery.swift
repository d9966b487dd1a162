import Foundation

/// Finds a repository's workflow files the way Forgejo does: `.forgejo/workflows/*.yml|yaml`, and
/// `.github/workflows` only when `.forgejo/workflows` does not exist.
public enum WorkflowDiscovery {
    public static let folders = [".forgejo/workflows", ".github/workflows"]

    /// The folder Forgejo reads for `repositoryRoot`, relative to it; nil when neither exists.
    public static func workflowFolder(in repositoryRoot: URL) -> String? {
        folders.first { folder in
            var isDirectory: ObjCBool = false
            let path = repositoryRoot.appendingPathComponent(folder).path
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// The workflow files of `repositoryRoot`, sorted by name; empty when it has no workflow folder.
    public static func workflowFiles(in repositoryRoot: URL) throws -> [URL] {
        guard let folder = workflowFolder(in: repositoryRoot) else { return [] }
        let directory = repositoryRoot.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
            .filter { ["yml", "yaml"].contains($0.pathExtension) && !$0.hasDirectoryPath }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
