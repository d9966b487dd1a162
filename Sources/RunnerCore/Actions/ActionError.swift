import Executors

/// Why an action could not be fetched or loaded. The message names the action, where it was looked for and what to
/// do; the code lets the job engine tell a mistake in `uses:` (`notFound`, `missingManifest`) from an outage
/// (`download`) without reading the text.
public struct ActionError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The reference cannot name an action here: a malformed URL, a plain-HTTP host, `..` in a name, a path
        /// that leaves its repository or workspace.
        case invalidReference
        /// The server has no such repository or ref.
        case notFound
        /// The network or the server failed (connection, TLS, timeout, a status other than 404).
        case download
        /// The archive is over a size limit, broken, or hostile: absolute paths, `..`, symlinks leading out, more than
        /// one top folder.
        case invalidArchive
        /// The action's folder does not exist.
        case missingFolder
        /// The folder has neither `action.yml` nor `action.yaml`.
        case missingManifest
        /// The manifest does not parse, or does not follow the `action.yml` schema.
        case invalidManifest
        /// The local disk refused (permissions, space, a failed rename).
        case storage
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// An error from the HTTP client, the unpacker or the disk, with `context` (the action) in front.
    init(_ error: ImageError, context: String) {
        let code: Code = switch error.code {
        case .invalidReference: .invalidReference
        case .transport, .unauthorized, .notFound: .download
        case .invalidContent, .unsafeLayer: .invalidArchive
        case .storage: .storage
        }
        self.init(code, "\(context): \(error.message)")
    }

    public var description: String { message }
}
