/// Who a registered runner is to its instance: the uuid and token from `.runner`. The token is the runner's whole
/// identity, so printing or logging this value shows the uuid only.
public struct RunnerCredentials: Sendable, Equatable, CustomStringConvertible {
    public var uuid: String
    public var token: String

    public init(uuid: String, token: String) {
        self.uuid = uuid
        self.token = token
    }

    public var description: String { "runner \(uuid) (token hidden)" }
}
