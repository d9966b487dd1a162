import Foundation

/// Read access to the repository a workflow belongs to, for local reusable workflows and actions.
public protocol ProjectFiles: Sendable {
    /// The text of `path` (relative to the repository root), or nil when it does not exist.
    func read(_ path: String) -> String?
}

/// The repository on disk.
public struct DirectoryProjectFiles: ProjectFiles {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public func read(_ path: String) -> String? {
        let url = root.appendingPathComponent(path).standardizedFileURL
        // A reference must not reach outside the repository (`./../../etc/passwd`).
        guard url.path.hasPrefix(root.standardizedFileURL.path + "/") else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }
}
