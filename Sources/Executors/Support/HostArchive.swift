/// A tar archive of a folder of this machine, to `copyIn` to a sandbox (a working copy, an action). Made by the
/// host's `tar`, which every machine running a runner has; the sandbox side unpacks it with its own.
public enum HostArchive {
    /// The archive of `directory`'s contents (entries named `./…`), owners and modes kept, without the paths
    /// (relative to `directory`) in `excluding`.
    public static func tar(_ directory: String, excluding: [String] = []) throws(SandboxError) -> [UInt8] {
        var archive: [UInt8] = []
        var errors: [UInt8] = []
        let exclusions = excluding.map { "--exclude=./" + $0 }
        let command = ["/usr/bin/env", "tar", "-c", "-f", "-", "--anchored"] + exclusions + ["-C", directory, "."]
        let status = try ChildProcess.run(command, input: nil) { stream, bytes in
            if stream == .standardOutput { archive += bytes } else { errors += bytes }
        }
        guard status.succeeded else {
            throw SandboxError(.host, "cannot archive \(directory) (\(status)): \(String(decoding: errors, as: UTF8.self))")
        }
        return archive
    }
}
