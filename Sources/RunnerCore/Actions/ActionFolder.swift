import Executors
import Foundation
import WorkflowParser

/// An action on this machine: its folder and its manifest. Remote actions (below their cached repository) and local
/// `./` actions (below the workspace) are found the same way: the path may not lead out of its root, not even
/// through a symlink, because the runner itself reads the manifest; then `action.yml`, else `action.yaml`.
public struct ActionFolder: Sendable {
    /// The action's folder, with symlinks resolved.
    public let directory: String
    public let manifest: ActionManifest

    /// Where `load` looks, and how its errors name things.
    struct Place {
        /// The repository or workspace the action lives in.
        var root: String
        /// The action's folder below `root`; empty for the root itself.
        var path: String
        /// The action as the user wrote it, e.g. `action owner/repo/path@v1` or `local action ./path`.
        var action: String
        /// `root` as the user knows it, e.g. `the repository` or `the workspace /srv/ws`.
        var rootName: String
        /// Where manifest diagnostics point, e.g. `owner/repo@v1/path`, joined with the file's name.
        var displayFolder: String
        /// Appended to the missing-folder error: what usually causes it.
        var missingFolderHint: String
    }

    static func load(_ place: Place) throws(ActionError) -> ActionFolder {
        let directory = try resolve(place.path, in: place)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ActionError(.missingFolder,
                              "\(place.action): \(place.rootName) has no folder '\(place.path)'; \(place.missingFolderHint)")
        }
        for name in ActionManifestLoader.fileNames {
            let file = try resolve(place.path.isEmpty ? name : "\(place.path)/\(name)", in: place)
            guard let type = try? FileManager.default.attributesOfItem(atPath: file)[.type] as? FileAttributeType else { continue }
            let display = place.displayFolder.isEmpty ? name : "\(place.displayFolder)/\(name)"
            return ActionFolder(directory: directory, manifest: try manifest(file, type: type, display: display, of: place.action))
        }
        throw ActionError(.missingManifest, "\(place.action): found neither action.yml nor action.yaml in \(directory); "
            + "an action needs one of the two in its folder")
    }

    /// Reads and decodes the manifest `file`, which diagnostics call `display`.
    private static func manifest(_ file: String, type: FileAttributeType, display: String,
                                 of action: String) throws(ActionError) -> ActionManifest {
        // Opening a FIFO would block the runner forever; a folder or a device is no manifest either.
        guard type == .typeRegular, let handle = FileHandle(forReadingAtPath: file) else {
            throw ActionError(.invalidManifest, "\(action): \(file) is not a regular file; an action manifest is a YAML file")
        }
        defer { try? handle.close() }
        let loader = ActionManifestLoader()
        let limit = loader.limits.maximumFileSize
        guard let bytes = try? handle.read(upToCount: limit + 1) else {
            throw ActionError(.invalidManifest, "\(action): cannot read \(file)")
        }
        guard bytes.count <= limit else {
            throw ActionError(.invalidManifest,
                              "\(action): \(display) is larger than \(limit) bytes; an action manifest is a short YAML file")
        }
        do {
            return try loader.load(String(decoding: bytes, as: UTF8.self), file: display)
        } catch {
            throw ActionError(.invalidManifest, "\(action): \(display) is not a valid action manifest:\n\(error)")
        }
    }

    /// `path` below the place's root with its symlinks followed, refused when it leads out.
    private static func resolve(_ path: String, in place: Place) throws(ActionError) -> String {
        do { return try ConfinedPath.resolve(path, under: place.root) } catch {
            throw ActionError(.invalidReference, "\(place.action): \(error.message); an action must stay inside \(place.rootName)")
        }
    }
}
