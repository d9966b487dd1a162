import Foundation

/// The workspace on this machine's disk, for `hashFiles`.
public struct LocalFileSystem: ExpressionFileSystem {
    public let rootPath: String

    /// `root` is the workspace directory; a trailing '/' is ignored.
    public init(root: String) {
        var root = root
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        self.rootPath = root
    }

    public func kind(of path: String) -> WorkspaceEntryKind? {
        let target = absolute(path)
        guard let type = (try? FileManager.default.attributesOfItem(atPath: target))?[.type] as? FileAttributeType
        else { return nil }
        switch type {
        case .typeDirectory: return .directory
        case .typeRegular: return .file
        case .typeSymbolicLink:
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else { return .other }
            return isDirectory.boolValue ? .other : .file
        default: return .other
        }
    }

    public func contents(ofDirectory path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: absolute(path))
    }

    public func read(file path: String, _ consume: ([UInt8]) -> Void) throws {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: absolute(path)))
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            consume(Array(chunk))
        }
    }

    private func absolute(_ path: String) -> String {
        path.isEmpty ? rootPath : (rootPath == "/" ? "/" : rootPath + "/") + path
    }
}
