import Foundation
import WorkflowParser

/// Finding a repository on disk: its root, and the workflow files of a folder.
enum Repository {
    /// The nearest folder at or above `folder` that holds `.git`, `.forgejo` or `.github`; `folder` itself when
    /// none does. Local `./` references in workflows resolve against it.
    static func root(containing folder: URL) -> URL {
        var candidate = folder.standardizedFileURL
        while true {
            for marker in [".git", ".forgejo", ".github"]
            where FileManager.default.fileExists(atPath: candidate.appendingPathComponent(marker).path) {
                return candidate
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { return folder.standardizedFileURL }
            candidate = parent
        }
    }

    /// A repository root: its workflows as Forgejo finds them. Any other folder: the `.yml`/`.yaml` files in it.
    static func workflowFiles(inFolder folder: URL) -> [URL] {
        if let files = try? WorkflowDiscovery.workflowFiles(in: folder), !files.isEmpty { return files }
        let entries = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return entries.filter { ["yml", "yaml"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
    }

    /// `file` relative to `directory` when it lies below it, else its full path.
    static func displayName(_ file: URL, relativeTo directory: URL) -> String {
        let base = directory.standardizedFileURL.path
        let path = file.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }
}
