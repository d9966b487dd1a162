/// Why pulling, verifying or unpacking an image failed. The message names the image, URL or file and says
/// what to do; `LocalSandbox` reports it as `SandboxError(.image, message)`.
public struct ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The reference string is not an image reference.
        case invalidReference
        /// The network or the registry failed (connection, TLS, timeout, an unexpected status).
        case transport
        /// The registry wants credentials we do not have, or refused the ones we sent.
        case unauthorized
        /// The registry has no such image, tag or blob.
        case notFound
        /// The registry sent something malformed, too large, or not matching its digest.
        case invalidContent
        /// An archive (an image layer, an action) is hostile: absolute paths, `..`, writing through a symlink, a
        /// symlink out of a tree that must keep its links inside.
        case unsafeLayer
        /// The local disk refused (permissions, space, a failed rename).
        case storage
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The same failure as the sandbox protocol reports it.
    public var sandboxError: SandboxError { SandboxError(.image, message) }
}
