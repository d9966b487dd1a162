/// Why a sandbox operation failed: a code for callers to act on, and a message for people.
public struct SandboxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        /// No sandbox by that id on this host.
        case notFound
        /// The image could not be pulled, verified or unpacked.
        case image
        /// The OCI runtime failed to create or run the sandbox.
        case runtime
        /// A limit or a policy refused the request (e.g. `native` on a fence host that does not allow it).
        case refused
        /// The connection to the fence host broke; new operations reconnect.
        case connectionLost
        /// A peer spoke something other than the protocol.
        case protocolViolation
        /// Anything else on the host (disk full, a failed mount).
        case host
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
