#if canImport(Glibc)
import Glibc
#endif

/// A sandbox's root: the image layers read-only under an overlay whose writable upper layer is the sandbox's own.
///
/// This side (host root) mounts it before the runtime starts: copy-up of files owned by host root fails when the
/// overlay is mounted from inside the sandbox's unprivileged user namespace.
enum Overlay {
    /// Mounts `layers` (lowest first) with `layout.upper` on `layout.rootfs`. The upper folder's root takes
    /// the owner and mode of the top layer's root, so `/` inside is exactly as writable as in the image
    /// (for `native`: not at all, it belongs to host root, which is `nobody` inside).
    static func mount(layers: [String], layout: SandboxLayout) throws(SandboxError) {
        guard let top = layers.last else { throw SandboxError(.image, "the image has no layers: nothing to use as root") }
        if let bad = layers.first(where: { $0.contains(",") || $0.contains(":") || !$0.hasPrefix("/") }) {
            throw SandboxError(.image, "layer folder \(bad) cannot be an overlay layer: it must be absolute and contain no ',' or ':'")
        }
        var topRoot = stat()
        guard stat(top, &topRoot) == 0 else { throw hostError("read the top layer", top) }
        guard chown(layout.upper, topRoot.st_uid, topRoot.st_gid) == 0, chmod(layout.upper, topRoot.st_mode & 0o7777) == 0 else {
            throw hostError("set the owner of", layout.upper)
        }
        let options = "lowerdir=\(layers.reversed().joined(separator: ":")),upperdir=\(layout.upper),workdir=\(layout.work)"
        guard Glibc.mount("overlay", layout.rootfs, "overlay", 0, options) == 0 else {
            throw hostError("mount the overlay (\(options)) on", layout.rootfs)
        }
    }

    /// Unmounts `path`; lazily when something still uses it. A path that is not mounted is fine.
    static func unmount(_ path: String) throws(SandboxError) {
        if umount2(path, 0) == 0 || errno == EINVAL || errno == ENOENT { return }
        guard errno == EBUSY, umount2(path, Int32(MNT_DETACH)) == 0 else { throw hostError("unmount", path) }
    }

    private static func hostError(_ what: String, _ path: String) -> SandboxError {
        SandboxError(.host, "could not \(what) \(path): \(String(cString: strerror(errno))) (overlay needs root on the host)")
    }
}
