/// A tar archive of a folder of this machine, to `copyIn` to a sandbox (a working copy, an action). Made by the
/// host's `tar`, which every machine running a runner has; the sandbox side unpacks it with its own.
public enum HostArchive {
    /// The archive of `directory`'s contents (entries named `./…`), owners and modes kept.
    public static func tar(_ directory: String) throws(SandboxError) -> [UInt8] {
        var archive: [UInt8] = []
        var errors: [UInt8] = []
        let status = try ChildProcess.run(["/usr/bin/env", "tar", "-c", "-f", "-", "-C", directory, "."], input: nil) { stream, bytes in
            if stream == .standardOutput { archive += bytes } else { errors += bytes }
        }
        guard status.succeeded else {
            throw SandboxError(.host, "cannot archive \(directory) (\(status)): \(String(decoding: errors, as: UTF8.self))")
        }
        return archive
    }
}
