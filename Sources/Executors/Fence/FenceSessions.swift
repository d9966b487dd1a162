#if canImport(Glibc)
import Glibc
#endif

/// The client's current connection: kept while it works, replaced by a new one on the first call after it broke.
/// Concurrent callers during a reconnect share the one attempt.
actor FenceSessions {
    private let connector: any FenceConnector
    private let software: String
    private var current: FenceSession?
    private var opening: Task<FenceSession, any Error>?

    init(connector: any FenceConnector, software: String) {
        self.connector = connector
        self.software = software
    }

    func session() async throws(SandboxError) -> FenceSession {
        if let current, current.isOpen { return current }
        if let opening { return try await Self.value(of: opening) }
        let task = Task { [connector, software] in
            try await FenceSession.open(try await connector.connect(), software: software)
        }
        opening = task
        defer { opening = nil }
        let session = try await Self.value(of: task)
        current = session
        return session
    }

    /// Ends the current connection; calls in flight fail with connectionLost.
    func close() {
        current?.end(SandboxError(.connectionLost, "the runner closed the fence connection"))
        current = nil
    }

    /// The process carrying the current connection (`ssh`), if any.
    var processID: pid_t? { current.flatMap { $0.isOpen ? $0.transport.processID : nil } }

    private static func value(of task: Task<FenceSession, any Error>) async throws(SandboxError) -> FenceSession {
        do {
            return try await task.value
        } catch let error as SandboxError {
            throw error
        } catch {
            throw SandboxError(.connectionLost, "connecting to the fence host failed: \(error)")
        }
    }
}
