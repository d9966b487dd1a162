import Foundation

/// Where a path below a folder really leads once its symlinks are followed, refusing any way out of the folder: an
/// absolute link, or `..` climbing above it (directly, or after a link, as in `a/b -> ..` then `c -> a/b/..`). The
/// runner reads files from trees it does not trust (an action's `action.yml`, a workspace), so a link there must not
/// hand it `/etc/shadow` or its own credentials.
public enum ConfinedPath {
    /// The real location of `relative` below `root`, as `root/components`. A missing part is fine (the caller finds
    /// out when it opens the result); leaving `root` is an `unsafeLayer` error naming the link that led out.
    public static func resolve(_ relative: String, under root: String) throws(ImageError) -> String {
        let components = relative.split(separator: "/").map(String.init)
        let resolved = try RootedDirectory.openRoot(root).resolve(components, inside: root)
        return ([root] + resolved).joined(separator: "/")
    }
}

extension RootedDirectory {
    /// Follows `components` from this directory as the kernel would, reading each symlink met on the way, and returns
    /// the components of where they lead, none of them a symlink. `inside` names this directory in errors.
    func resolve(_ components: [String], inside: String) throws(ImageError) -> [String] {
        var resolved: [String] = []  // real directories (or missing names), never a symlink: safe to join and stat
        var pending = Array(components.reversed())  // the next component is last
        var lastLink: (path: String, target: String)?
        var linksFollowed = 0
        func escape() -> ImageError {
            let shown = components.joined(separator: "/")
            let how = lastLink.map { " through the symlink '\($0.path)' → '\($0.target)'" } ?? ""
            return ImageError(.unsafeLayer, "'\(shown)' leads outside \(inside)\(how)")
        }
        while let component = pending.popLast() {
            switch component {
            case "", ".":
                continue
            case "..":
                guard !resolved.isEmpty else { throw escape() }
                resolved.removeLast()
            default:
                let path = (resolved + [component]).joined(separator: "/")
                guard let target = symlinkTarget(path) else {
                    resolved.append(component)
                    continue
                }
                lastLink = (path, target)
                if target.hasPrefix("/") { throw escape() }
                linksFollowed += 1
                guard linksFollowed <= 40 else {
                    throw ImageError(.unsafeLayer, "'\(components.joined(separator: "/"))' in \(inside) goes through more "
                        + "than 40 symlinks (a loop?)")
                }
                pending += target.split(separator: "/").map(String.init).reversed()
            }
        }
        return resolved
    }

    /// What the symlink at `path` (relative to this directory) points to; nil when it is not a symlink.
    private func symlinkTarget(_ path: String) -> String? {
        guard fileType(path) == S_IFLNK else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlinkat(descriptor, path, &buffer, buffer.count - 1)
        guard length >= 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
