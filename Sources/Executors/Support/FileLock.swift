import Foundation

/// An exclusive `flock` on a lock file, held while `body` runs. It serialises work on one key (a layer's digest, an
/// action's repository and ref) across threads and processes (two jobs, or a runner and a fence agent, sharing a
/// store): `flock` locks belong to the open file, so two opens in one process exclude each other too. The kernel
/// drops the lock if the process dies. It blocks while it waits: call it off the concurrency pool (`onOwnThread`).
public enum FileLock {
    public static func withExclusiveLock<Result>(_ path: String, _ body: () throws(ImageError) -> Result) throws(ImageError) -> Result {
        let file = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw ImageError(.storage, "cannot open lock file \(path): \(RootedDirectory.lastError)") }
        defer { close(file) }  // closing releases the lock
        while flock(file, LOCK_EX) != 0 {
            guard errno == EINTR else { throw ImageError(.storage, "cannot lock \(path): \(RootedDirectory.lastError)") }
        }
        return try body()
    }
}
