import Foundation
import WorkflowParser

/// Finding a repository on disk: its root, and the workflow files of a folder.
enum Repository {
    /// The repository a file in `folder` belongs to: the folder above `.forgejo/workflows` or `.github/workflows`
    /// when the file sits in one, else the nearest folder at or above `folder` holding `.git`. Nil for a file
    /// outside any repository: its local `./` references cannot be checked, and lint does not guess.
    static func root(containing folder: URL) -> URL? {
        let folder = folder.standardizedFileURL
        for workflows in WorkflowDiscovery.folders where folder.path.hasSuffix("/" + workflows) {
            return URL(fileURLWithPath: String(folder.path.dropLast(workflows.count + 1)))
        }
        var candidate = folder
        while true {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(".git").path) { return candidate }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { return nil }
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
