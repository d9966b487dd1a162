import Executors
import Foundation

/// The action cache on disk, under `root`:
/// - `trees/<sha256 of the archive>`: each downloaded archive unpacked, top folder stripped, never changed again;
/// - `refs/<cache key>`: a symlink to the tree a repository and ref gave when last downloaded, replaced by `rename`,
///   so a refreshed branch points to a new tree while jobs still running from the old one keep their files;
/// - `locks/<cache key>`: one lock file per key, so one download serves every job that waits on it;
/// - `downloads/<cache key>.*`: archives and unpacks under way, renamed into `trees` when complete.
/// A crash leaves only `downloads` entries, which the next download of the same key removes.
struct ActionCacheLayout: Sendable {
    let root: String

    var trees: String { "\(root)/trees" }

    func tree(_ digest: Digest) -> String { "\(trees)/\(digest.hex)" }
    func ref(_ key: String) -> String { "\(root)/refs/\(key)" }
    func lock(_ key: String) -> String { "\(root)/locks/\(key)" }

    /// A fresh name under `downloads` for work on `key`.
    func scratch(_ key: String) -> String { "\(root)/downloads/\(key).\(getpid()).\(UInt64.random(in: 0...UInt64.max))" }

    func createFolders() throws(ActionError) {
        for folder in ["trees", "refs", "locks", "downloads"] {
            do { try FileManager.default.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true) } catch {
                throw ActionError(.storage, "cannot create the action cache folder \(root)/\(folder): \(error.localizedDescription); "
                    + "check that the runner may write there")
            }
        }
    }

    /// Removes what a crashed download of `key` left; only call it holding the key's lock.
    func removeLeftovers(_ key: String) {
        let downloads = "\(root)/downloads"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: downloads)) ?? [] where name.hasPrefix("\(key).") {
            try? FileManager.default.removeItem(atPath: "\(downloads)/\(name)")
        }
    }

    /// The tree `key` last pointed to, when it is still there.
    func currentTree(_ key: String) -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: ref(key)) else { return nil }
        let tree = "\(trees)/\((target as NSString).lastPathComponent)"
        return FileManager.default.fileExists(atPath: tree) ? tree : nil
    }

    /// Points `key` at `tree` in one step: readers see the old tree or the new one, never neither.
    func point(_ key: String, at tree: String) throws(ActionError) {
        let temporary = scratch(key)
        let target = "../trees/\((tree as NSString).lastPathComponent)"
        guard symlink(target, temporary) == 0, rename(temporary, ref(key)) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ActionError(.storage, "cannot record the action cache entry \(ref(key)): \(reason)")
        }
    }
}
