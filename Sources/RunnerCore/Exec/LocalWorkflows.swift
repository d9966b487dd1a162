import Foundation
import WorkflowParser

/// The workflows `exec` runs: the files of a folder (`.forgejo/workflows`, else `.github/workflows`) or one file,
/// loaded and checked; those the event triggers.
public struct LocalWorkflows: Sendable {
    public var repositoryRoot: String
    public var workflows: [Workflow]
    /// Files that could not be read or are no valid workflow, each said with where and what to do.
    public var problems: [String] = []

    /// Loads `path` (a workflow file or folder, relative to `repositoryRoot`), or the repository's workflow folder.
    public static func load(repositoryRoot: String, path: String?) throws -> LocalWorkflows {
        let root = URL(fileURLWithPath: repositoryRoot).standardizedFileURL
        let files: [URL]
        if let path {
            let url = URL(fileURLWithPath: path, relativeTo: root).standardizedFileURL
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                throw JobError("\(path): no such workflow file or folder")
            }
            files = isFolder.boolValue ? try workflowFiles(in: url) : [url]
        } else {
            guard WorkflowDiscovery.workflowFolder(in: root) != nil else {
                throw JobError("\(root.path) has neither .forgejo/workflows nor .github/workflows; give -W FOLDER or FILE")
            }
            files = try WorkflowDiscovery.workflowFiles(in: root)
        }
        var local = LocalWorkflows(repositoryRoot: root.path, workflows: [])
        for file in files {
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                local.problems.append("\(file.path): cannot read it: \(error.localizedDescription)")
                continue
            }
            let name = file.path.hasPrefix(root.path + "/") ? String(file.path.dropFirst(root.path.count + 1)) : file.path
            do {
                local.workflows.append(try WorkflowLoader().load(text, file: name))
            } catch {
                local.problems.append("\(error)\nrun `swift-runner lint \(name)` for every problem of the file")
            }
        }
        return local
    }

    private static func workflowFiles(in folder: URL) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// The workflows `event` triggers.
    public func triggered(by event: String) -> [Workflow] {
        workflows.filter { $0.trigger(event) != nil }
    }
}
