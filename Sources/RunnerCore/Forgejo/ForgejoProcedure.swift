/// The remote procedures of Forgejo's runner protocol (Protos/*/v1/services.proto), as Connect names them:
/// `<proto package>.<Service>/<Method>`, served under `<instance>/api/actions/`.
public enum ForgejoProcedure: String, Sendable, CaseIterable, CustomStringConvertible {
    case ping = "ping.v1.PingService/Ping"
    case register = "runner.v1.RunnerService/Register"
    case declare = "runner.v1.RunnerService/Declare"
    case fetchTask = "runner.v1.RunnerService/FetchTask"
    case updateTask = "runner.v1.RunnerService/UpdateTask"
    case updateLog = "runner.v1.RunnerService/UpdateLog"

    /// The URL path of the procedure on an instance.
    public var path: String { "/api/actions/" + rawValue }

    /// Whether calls carry the runner's `x-runner-uuid` and `x-runner-token`: all but Ping and Register, which
    /// come before the runner has an identity.
    public var needsCredentials: Bool { self != .ping && self != .register }

    public var description: String { rawValue }
}
