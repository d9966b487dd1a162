#if canImport(Glibc)
import Glibc
#endif

/// A `Sandbox` on a fence host: every call framed over one long-lived connection to `swift-runner fence serve
/// --stdio` (over OpenSSH in production), many calls and exec streams at once. A lost connection fails the calls
/// in flight with `connectionLost`; the next call connects again. Sandboxes do not survive a lost connection:
/// the agent destroys them when it sees the connection end.
public final class FenceClient: Sandbox {
    private let sessions: FenceSessions

    /// A client over whatever `connector` connects to; `software` names this side in the hello.
    public init(connector: any FenceConnector, software: String) {
        self.sessions = FenceSessions(connector: connector, software: software)
    }

    /// A client of the fence host at `target`, over the system `ssh` with a pinned host key.
    public convenience init(target: FenceTarget, identityFile: String, knownHostsFile: String, software: String) {
        self.init(connector: SSHConnector(target: target, identityFile: identityFile, knownHostsFile: knownHostsFile),
                  software: software)
    }

    public func create(_ spec: SandboxSpec) async throws(SandboxError) -> SandboxID {
        let (answer, _) = try await call("create") { [FenceFrame(.create, $0, FenceJSON.encode(spec))] }
        return try FenceJSON.decode(SandboxID.self, from: try expect(.created, answer, "create"))
    }

    /// A consumer that stops listening early abandons the command: the fence host kills it.
    public func exec(_ id: SandboxID, _ request: ExecRequest) -> AsyncThrowingStream<ExecEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ExecEvent.self)
        let sessions = sessions
        Task {
            do throws(SandboxError) {
                let session = try await sessions.session()
                var header = request
                header.standardInput = nil
                let call = FenceExecCall(sandbox: id, request: header, inputLength: request.standardInput?.count)
                let requestID = try session.start({ requestID in
                    [FenceFrame(.exec, requestID, FenceJSON.encode(call))]
                        + FenceJSON.chunks(request.standardInput ?? [], kind: .body, requestID: requestID)
                }, route: Self.execRoute(continuation))
                continuation.onTermination = { termination in
                    if case .cancelled = termination { session.abandon(requestID) }
                }
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return stream
    }

    public func copyIn(_ id: SandboxID, path: String, tar: [UInt8]) async throws(SandboxError) {
        guard tar.count <= FenceProtocol.maximumBodyBytes else {
            throw SandboxError(.refused, "copy into \(id): the archive has \(tar.count) bytes, more than the fence "
                + "limit of \(FenceProtocol.maximumBodyBytes)")
        }
        let header = FenceCopyInCall(sandbox: id, path: path, archiveLength: tar.count)
        let (answer, _) = try await call("copyIn") { requestID in
            [FenceFrame(.copyIn, requestID, FenceJSON.encode(header))]
                + FenceJSON.chunks(tar, kind: .body, requestID: requestID)
        }
        _ = try expect(.done, answer, "copyIn")
    }

    public func copyOut(_ id: SandboxID, path: String) async throws(SandboxError) -> [UInt8] {
        let header = FencePathCall(sandbox: id, path: path)
        let (answer, archive) = try await call("copyOut") { [FenceFrame(.copyOut, $0, FenceJSON.encode(header))] }
        _ = try expect(.done, answer, "copyOut")
        return archive
    }

    public func signal(_ id: SandboxID, _ signal: Int32) async throws(SandboxError) {
        let header = FenceSignalCall(sandbox: id, signal: signal)
        let (answer, _) = try await call("signal") { [FenceFrame(.signal, $0, FenceJSON.encode(header))] }
        _ = try expect(.done, answer, "signal")
    }

    public func destroy(_ id: SandboxID) async throws(SandboxError) {
        let header = FenceSandboxCall(sandbox: id)
        let (answer, _) = try await call("destroy") { [FenceFrame(.destroy, $0, FenceJSON.encode(header))] }
        _ = try expect(.done, answer, "destroy")
    }

    public func info() async throws(SandboxError) -> SandboxHostInfo {
        let (answer, _) = try await call("info") { [FenceFrame(.info, $0)] }
        return try FenceJSON.decode(SandboxHostInfo.self, from: try expect(.hostInfo, answer, "info"))
    }

    /// Closes the connection: the fence host destroys every sandbox this client created on it.
    public func close() async {
        await sessions.close()
    }

    /// The fence host's hello, connecting first if needed.
    public func peer() async throws(SandboxError) -> FenceHello {
        try await sessions.session().peer
    }

    /// The `ssh` process carrying the current connection, if one is open.
    var connectionProcessID: pid_t? {
        get async { await sessions.processID }
    }

    /// Sends a request and waits for its final answer, collecting the `data` chunks before it.
    private func call(_ name: String, _ frames: @escaping (UInt32) -> [FenceFrame])
        async throws(SandboxError) -> (FenceFrame, [UInt8]) {
        let session = try await sessions.session()
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<(FenceFrame, [UInt8]), SandboxError>, Never>) in
            let answer = Once(continuation)
            let data = LockedValue<[UInt8]>([])
            let route = FenceSession.Route(receive: { (frame: FenceFrame) throws(SandboxError) -> Bool in
                switch frame.kind {
                case .data:
                    let size = data.withLock { data in
                        data += frame.payload
                        return data.count
                    }
                    guard size <= FenceProtocol.maximumBodyBytes else {
                        throw SandboxError(.protocolViolation, "fence protocol: the \(name) answer exceeds "
                            + "\(FenceProtocol.maximumBodyBytes) bytes")
                    }
                    return false
                case .failure:
                    answer.resume(.failure(try FenceJSON.decode(FenceFailure.self, from: frame).error))
                    return true
                default:
                    answer.resume(.success((frame, data.withLock { $0 })))
                    return true
                }
            }, fail: { answer.resume(.failure($0)) })
            do throws(SandboxError) {
                try session.start(frames, route: route)
            } catch {
                answer.resume(.failure(error))
            }
        }
        return try result.get()
    }

    private static func execRoute(_ continuation: AsyncThrowingStream<ExecEvent, any Error>.Continuation)
        -> FenceSession.Route {
        FenceSession.Route(receive: { (frame: FenceFrame) throws(SandboxError) -> Bool in
            switch frame.kind {
            case .standardOutput:
                continuation.yield(.standardOutput(frame.payload))
                return false
            case .standardError:
                continuation.yield(.standardError(frame.payload))
                return false
            case .exited:
                continuation.yield(.exit(try FenceJSON.decode(ExitStatus.self, from: frame)))
                continuation.finish()
                return true
            case .failure:
                continuation.finish(throwing: try FenceJSON.decode(FenceFailure.self, from: frame).error)
                return true
            default:
                throw SandboxError(.protocolViolation, "fence protocol: the fence host answered exec request "
                    + "\(frame.requestID) with a \(frame.kind) frame")
            }
        }, fail: { continuation.finish(throwing: $0) })
    }

    private func expect(_ kind: FenceFrame.Kind, _ frame: FenceFrame, _ call: String) throws(SandboxError) -> FenceFrame {
        guard frame.kind == kind else {
            throw SandboxError(.protocolViolation, "fence protocol: the fence host answered \(call) with a "
                + "\(frame.kind) frame instead of \(kind)")
        }
        return frame
    }
}

/// A continuation resumed at most once, whoever comes first: the answer or the connection's end.
private final class Once<Value: Sendable>: Sendable {
    private let continuation: LockedValue<CheckedContinuation<Value, Never>?>

    init(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation = LockedValue(continuation)
    }

    func resume(_ value: Value) {
        let waiting = continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: value)
    }
}
