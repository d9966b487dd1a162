/// The runner's side of one fence connection: hands out request ids, routes every answer frame to the call
/// waiting for it, and when the connection ends fails every call still in flight with its reason.
final class FenceSession: Sendable {
    /// What a call in flight does with its answer frames: `receive` returns true once the call is over.
    struct Route: Sendable {
        var receive: @Sendable (FenceFrame) throws(SandboxError) -> Bool
        var fail: @Sendable (SandboxError) -> Void
    }

    private struct State {
        var nextID: UInt32 = 1
        var routes: [UInt32: Route] = [:]
        var end: SandboxError?
    }

    let transport: FenceTransport
    private let state = LockedValue(State())
    /// The fence host's hello, once the handshake is done.
    let peer: FenceHello

    private init(transport: FenceTransport, peer: FenceHello) {
        self.transport = transport
        self.peer = peer
    }

    /// Says hello, checks the answer, and routes the connection's frames from then on. A fence host that has not
    /// answered within `timeout` (ssh's log-in included) is given up on.
    static func open(_ transport: FenceTransport, software: String,
                     timeout: Duration = .seconds(30)) async throws(SandboxError) -> FenceSession {
        var frames = transport.frames.makeAsyncIterator()
        let timedOut = LockedValue(false)
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            timedOut.withLock { $0 = true }
            transport.close()
        }
        defer { watchdog.cancel() }
        let welcome: FenceHello
        do throws(SandboxError) {
            try transport.send(FenceFrame(.hello, 0, FenceJSON.encode(FenceHello(software: software))))
            guard let first = try await transport.next(&frames) else {
                if timedOut.withLock({ $0 }) {
                    throw SandboxError(.connectionLost, "\(transport.peerName) did not answer the fence hello within "
                        + "\(timeout); is the forced command `swift-runner fence serve --stdio`?")
                }
                throw transport.lost("it ended before the fence host answered the hello")
            }
            welcome = try checkWelcome(first, from: transport.peerName)
        } catch {
            transport.close()
            throw error
        }
        let session = FenceSession(transport: transport, peer: welcome)
        // Ends with the connection: `end` closes the transport, and the reader sees end of file.
        Task { await session.routeAll() }
        return session
    }

    var isOpen: Bool { state.withLock { $0.end == nil } }

    /// Registers a route and sends the request's frames; a connection that is gone fails at once. Returns the
    /// request's id.
    @discardableResult
    func start(_ makeFrames: (UInt32) -> [FenceFrame], route: Route) throws(SandboxError) -> UInt32 {
        let id = try state.withLock { state -> Result<UInt32, SandboxError> in
            if let end = state.end { return .failure(end) }
            let id = state.nextID
            state.nextID = id == UInt32.max ? 1 : id + 1
            state.routes[id] = route
            return .success(id)
        }.get()
        let frames = makeFrames(id)
        if let large = frames.first(where: { $0.payload.count > FenceFrame.maximumPayload }) {
            state.withLock { _ = $0.routes.removeValue(forKey: id) }
            throw SandboxError(.refused, "a \(large.kind) request of \(large.payload.count) bytes exceeds the fence "
                + "frame limit of \(FenceFrame.maximumPayload) bytes; send a smaller spec or environment")
        }
        do {
            try transport.send(frames)
        } catch {
            end(error)
        }
        return id
    }

    /// The caller stopped listening to request `id` (an exec): what still arrives for it is dropped until its
    /// last frame, and a fence host that knows `abandon` (minor version 1) kills the command.
    func abandon(_ id: UInt32) {
        let drain = Route(receive: { frame in [.exited, .done, .failure].contains(frame.kind) }, fail: { _ in })
        let waiting = state.withLock { state -> Bool in
            guard state.routes[id] != nil else { return false }
            state.routes[id] = drain
            return true
        }
        if waiting, peer.minor >= 1 { try? transport.send(FenceFrame(.abandon, id)) }
    }

    /// Ends the connection: calls in flight fail with `reason`, the transport closes.
    func end(_ reason: SandboxError) {
        let routes = state.withLock { state -> [Route] in
            guard state.end == nil else { return [] }
            state.end = reason
            defer { state.routes = [:] }
            return Array(state.routes.values)
        }
        transport.close()
        for route in routes { route.fail(reason) }
    }

    private func route(_ frame: FenceFrame) throws(SandboxError) {
        guard let route = state.withLock({ $0.routes[frame.requestID] }) else {
            guard frame.requestID == 0, frame.kind == .failure else {
                throw SandboxError(.protocolViolation, "fence protocol: \(transport.peerName) answered request "
                    + "\(frame.requestID), which is not waiting for anything")
            }
            throw try FenceJSON.decode(FenceFailure.self, from: frame).error
        }
        if try route.receive(frame) {
            state.withLock { _ = $0.routes.removeValue(forKey: frame.requestID) }
        }
    }

    /// Routes every frame after the welcome (a stream's iterators share its buffer: this one continues where the
    /// handshake's stopped).
    private func routeAll() async {
        var frames = transport.frames.makeAsyncIterator()
        do throws(SandboxError) {
            while let frame = try await transport.next(&frames) { try route(frame) }
            end(transport.lost("the fence host closed it"))
        } catch where error.code == .connectionLost {
            end(transport.lost(error.message))
        } catch {
            end(error)
        }
    }

    private static func checkWelcome(_ frame: FenceFrame, from peer: String) throws(SandboxError) -> FenceHello {
        if frame.kind == .failure { throw try FenceJSON.decode(FenceFailure.self, from: frame).error }
        guard frame.kind == .welcome, frame.requestID == 0 else {
            throw SandboxError(.protocolViolation, "fence protocol: \(peer) answered the hello with \(frame.kind) "
                + "on request \(frame.requestID) instead of a welcome")
        }
        let welcome = try FenceJSON.decode(FenceHello.self, from: frame)
        guard welcome.isCompatible else {
            throw SandboxError(.refused, "\(peer) speaks \(welcome.protocolName) \(welcome.major).\(welcome.minor) "
                + "(\(welcome.software)); this runner speaks \(FenceProtocol.name) \(FenceProtocol.major).x: "
                + "install the same swift-runner release on both")
        }
        return welcome
    }
}
