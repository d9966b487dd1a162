/// Why a call to Forgejo failed: the server's Connect error (its code and message, as sent), no answer at all, an
/// HTTP error that is not a Connect error (a proxy's page), or a body that is not the expected message.
/// Messages never contain the runner token or a registration token: the client blanks them out.
public struct ForgejoError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        // The Connect protocol's codes, spelled as on the wire. Forgejo sends invalid_argument (unknown registration
        // token or name), unauthenticated (unknown runner uuid or wrong token), already_exists (a log that was
        // archived), unimplemented (Declare before Forgejo 1.21) and internal.
        case canceled
        case unknown
        case invalidArgument = "invalid_argument"
        case deadlineExceeded = "deadline_exceeded"
        case notFound = "not_found"
        case alreadyExists = "already_exists"
        case permissionDenied = "permission_denied"
        case resourceExhausted = "resource_exhausted"
        case failedPrecondition = "failed_precondition"
        case aborted
        case outOfRange = "out_of_range"
        case unimplemented
        case `internal`
        case unavailable
        case dataLoss = "data_loss"
        case unauthenticated

        // Ours, for failures that carry no Connect code.
        /// No HTTP answer: connection refused or dropped, DNS, TLS, the request timeout.
        case transport
        /// An HTTP error status without a Connect error body (a reverse proxy's 502, a web server's 404).
        case httpStatus = "http_status"
        /// A request that cannot be encoded, or a success whose body is not the expected message.
        case malformedMessage = "malformed_message"
    }

    public var code: Code
    /// The server's own words for Connect errors; what went wrong otherwise.
    public var message: String
    public var procedure: ForgejoProcedure
    /// The instance's URL.
    public var instance: String
    /// The answer's HTTP status, when there was an answer.
    public var httpStatus: Int?

    public init(_ code: Code, _ message: String, procedure: ForgejoProcedure, instance: String, httpStatus: Int? = nil) {
        self.code = code
        self.message = message
        self.procedure = procedure
        self.instance = instance
        self.httpStatus = httpStatus
    }

    /// Whether the same call may succeed later unchanged: the instance was unreachable, overloaded or restarting.
    /// Callers that must deliver (logs, a final state) retry whatever the code; this tells a poller or `register`
    /// when waiting makes sense at all.
    public var isTransient: Bool {
        switch code {
        case .transport, .unavailable, .deadlineExceeded, .resourceExhausted, .aborted: return true
        case .httpStatus: return httpStatus.map { $0 >= 500 || $0 == 429 || $0 == 408 } ?? false
        default: return false
        }
    }

    public var description: String {
        switch code {
        case .transport:
            return "\(procedure) at \(instance) got no answer: \(message)"
        case .httpStatus:
            return "\(procedure) at \(instance) failed with HTTP \(httpStatus ?? 0) and no Connect error: \(message)"
        case .malformedMessage:
            return "\(procedure) at \(instance): \(message)"
        default:
            return "\(procedure) at \(instance) failed: \(code.rawValue): \(message)"
        }
    }
}
