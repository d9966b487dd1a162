import Foundation

/// An open directory inside an unpack root, reached one component at a time with `O_NOFOLLOW|O_DIRECTORY`, so no
/// symlink is ever followed on the way: whatever an archive's symlinks point at (`/etc`, `../../..`), entries are
/// created only below the root. Closing happens when the value goes away.
final class RootedDirectory {
    let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Opens the root of an unpack.
    static func openRoot(_ path: String) throws(ImageError) -> RootedDirectory {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ImageError(.storage, "cannot open \(path): \(String(cString: strerror(errno)))") }
        return RootedDirectory(descriptor: descriptor)
    }

    /// How `walk` treats a missing directory.
    enum MissingDirectory {
        /// Fail: the path must exist (a hard link's target).
        case fail
        /// Create it (mode 0755), as tar does for entries whose parents were never listed, owned by `owner` when set.
        case create(owner: (uid: uid_t, gid: gid_t)?)
    }

    /// Walks `path` from this directory. A component that is a symlink or not a directory stops the walk: writing
    /// there would write through it.
    func walk(_ path: ArchivePath, missing: MissingDirectory, entry: String) throws(ImageError) -> RootedDirectory {
        var current = try child(".", entry: entry)  // a second descriptor of self, so every step closes its own
        for (index, component) in path.components.enumerated() {
            var next = openat(current.descriptor, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0, errno == ENOENT, case .create(let owner) = missing {
                guard mkdirat(current.descriptor, component, 0o755) == 0 || errno == EEXIST else {
                    throw ImageError(.storage, "cannot create directory '\(path.components[...index].joined(separator: "/"))' for archive entry '\(entry)': \(Self.lastError)")
                }
                next = openat(current.descriptor, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if next >= 0, let owner, fchown(next, owner.uid, owner.gid) != 0 {
                    throw ImageError(.storage, "cannot chown directory '\(path.components[...index].joined(separator: "/"))' for archive entry '\(entry)': \(Self.lastError)")
                }
            }
            guard next >= 0 else {
                let prefix = path.components[...index].joined(separator: "/")
                if errno == ELOOP || errno == ENOTDIR {
                    throw ImageError(.unsafeLayer, "archive entry '\(entry)' goes through '\(prefix)', which is a symlink or not a directory; "
                        + "archives may not write through symlinks")
                }
                throw ImageError(.unsafeLayer, "archive entry '\(entry)': cannot open '\(prefix)': \(Self.lastError)")
            }
            current = RootedDirectory(descriptor: next)
        }
        return current
    }

    /// Opens a direct subdirectory without following a symlink.
    func child(_ name: String, entry: String) throws(ImageError) -> RootedDirectory {
        let next = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard next >= 0 else { throw ImageError(.unsafeLayer, "archive entry '\(entry)': cannot open '\(name)' as a directory: \(Self.lastError)") }
        return RootedDirectory(descriptor: next)
    }

    /// The type of `name` here (`S_IFDIR`, `S_IFLNK`...), not following a symlink; nil when it does not exist.
    func fileType(_ name: String) -> mode_t? {
        var info = stat()
        guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// The names in this directory, without `.` and `..`.
    func names() throws(ImageError) -> [String] {
        let copy = dup(descriptor)
        guard copy >= 0, let stream = fdopendir(copy) else {
            throw ImageError(.storage, "cannot list a directory while unpacking: \(Self.lastError)")
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes `name` and, for a directory, everything below it; symlinks are removed, never followed.
    func removeTree(_ name: String, entry: String) throws(ImageError) {
        guard let type = fileType(name) else { return }
        if type == S_IFDIR {
            let directory = try child(name, entry: entry)
            for inner in try directory.names() { try directory.removeTree(inner, entry: entry) }
        }
        guard unlinkat(descriptor, name, type == S_IFDIR ? AT_REMOVEDIR : 0) == 0 else {
            throw ImageError(.storage, "archive entry '\(entry)': cannot remove '\(name)': \(Self.lastError)")
        }
    }

    static var lastError: String { String(cString: strerror(errno)) }
}
