/// Where the layers of `.registry` images come from: the image store (Executors/Images) pulls and unpacks them;
/// tests prepare a rootfs folder themselves.
///
/// Ownership: sandboxes map container uid/gid N to host N + `LocalSandbox.idMapBase`, so a layer's files
/// must be owned on the host by `idMapBase + (owner in the image)`; files owned by other host ids show up as
/// `nobody` inside and stay read-only to the job.
public protocol ImageProvider: Sendable {
    /// Returns the unpacked layers of `reference` (pulling them when needed).
    func layers(for reference: String) async throws(SandboxError) -> PreparedImage
}

/// An image ready to be a sandbox's root: its unpacked layers and the parts of its config a sandbox uses.
public struct PreparedImage: Sendable, Equatable {
    /// Absolute host paths of the unpacked layers, lowest first; they are mounted read-only.
    public var layerDirectories: [String]
    /// `NAME=value` entries, the image's `Env`.
    public var environment: [String]
    /// The image's `WorkingDir`: where commands run when neither the spec nor the request says.
    public var workingDirectory: String?
    /// The image's `User` (`uid[:gid]` or a name): whom commands run as when the request names nobody.
    public var user: String?
    /// The image's `Entrypoint` and `Cmd`, for callers that start an image's own program (service containers);
    /// the sandbox itself idles and runs only what `exec` asks.
    public var entrypoint: [String]
    public var command: [String]

    public init(layerDirectories: [String], environment: [String] = [], workingDirectory: String? = nil,
                user: String? = nil, entrypoint: [String] = [], command: [String] = []) {
        self.layerDirectories = layerDirectories
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.user = user
        self.entrypoint = entrypoint
        self.command = command
    }

    /// The `native` image: the host's root filesystem as the only layer.
    static let native = PreparedImage(
        layerDirectories: ["/"],
        environment: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"])
}
