/// How a `FenceClient` reaches a fence agent: `SSHConnector` starts `ssh` to a fence host; tests connect an agent
/// in the same process through pipes.
public protocol FenceConnector: Sendable {
    /// A fresh connection; the handshake is the client's job.
    func connect() async throws(SandboxError) -> FenceTransport
}
