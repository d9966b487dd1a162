import Logging

/// One runner's connection on the agent side: which requests are in flight, which are still receiving their
/// body, and which sandboxes the connection owns.
actor FenceAgentConnection {
    /// A call whose header and body have arrived, ready to run.
    enum Call: Sendable {
        case create(UInt32, SandboxSpec)
        case exec(UInt32, FenceExecCall, input: [UInt8]?)
        case copyIn(UInt32, FenceCopyInCall, archive: [UInt8])
        case copyOut(UInt32, FencePathCall)
        case signal(UInt32, FenceSignalCall)
        case destroy(UInt32, FenceSandboxCall)
        case info(UInt32)
    }

    /// A call waiting for `expected` bytes of body frames.
    private struct Receiving {
        var expected: Int
        var bytes: [UInt8] = []
        var complete: @Sendable ([UInt8]) -> Call
    }

    private nonisolated let sandbox: any Sandbox
    private nonisolated let transport: FenceTransport
    private nonisolated let logger: Logger
    private var inFlight: Set<UInt32> = []
    /// The exec streams in flight, to stop when the runner abandons one.
    private var streaming: [UInt32: Task<Bool, any Error>] = [:]
    /// Execs abandoned while they were still starting.
    private var abandonedEarly: Set<UInt32> = []
    private var receiving: [UInt32: Receiving] = [:]
    private var owned: Set<SandboxID> = []
    private var ended = false

    init(sandbox: any Sandbox, transport: FenceTransport, logger: Logger) {
        self.sandbox = sandbox
        self.transport = transport
        self.logger = logger
    }

    /// Takes one frame from the runner; returns a call once it is complete.
    func accept(_ frame: FenceFrame) throws(SandboxError) -> Call? {
        let id = frame.requestID
        if frame.kind == .body { return try receiveBody(frame) }
        if frame.kind == .abandon {
            // An exec that has already ended is not an error: its `exited` crossed the runner's abandon.
            if let task = streaming[id] { task.cancel() } else if inFlight.contains(id) { abandonedEarly.insert(id) }
            return nil
        }
        guard id != 0 else { throw violation("request id 0 belongs to the connection; \(frame.kind) needs its own") }
        guard !inFlight.contains(id) else { throw violation("request id \(id) is already in use by a running call") }
        let call: Call?
        switch frame.kind {
        case .create: call = .create(id, try FenceJSON.decode(SandboxSpec.self, from: frame))
        case .exec:
            let header = try FenceJSON.decode(FenceExecCall.self, from: frame)
            call = try expectBody(id, length: header.inputLength) { .exec(id, header, input: $0) }
        case .copyIn:
            let header = try FenceJSON.decode(FenceCopyInCall.self, from: frame)
            call = try expectBody(id, length: header.archiveLength) { .copyIn(id, header, archive: $0 ?? []) }
        case .copyOut: call = .copyOut(id, try FenceJSON.decode(FencePathCall.self, from: frame))
        case .signal: call = .signal(id, try FenceJSON.decode(FenceSignalCall.self, from: frame))
        case .destroy: call = .destroy(id, try FenceJSON.decode(FenceSandboxCall.self, from: frame))
        case .info: call = .info(id)
        default: throw violation("a runner does not send \(frame.kind) frames (request \(id))")
        }
        inFlight.insert(id)
        return call
    }

    /// Runs a call against the sandbox and answers it. Answers to a connection that is gone are dropped: the
    /// connection's end destroys the sandboxes anyway.
    nonisolated func perform(_ call: Call) async {
        let id: UInt32
        let outcome: Result<[FenceFrame], SandboxError>
        switch call {
        case .create(let request, let spec):
            id = request
            outcome = await answer { () throws(SandboxError) in
                let sandboxID = try await sandbox.create(spec)
                guard await adopt(sandboxID) else {
                    try? await sandbox.destroy(sandboxID)
                    return []
                }
                return [FenceFrame(.created, request, FenceJSON.encode(sandboxID))]
            }
        case .exec(let request, let header, let input):
            id = request
            outcome = await answer { () throws(SandboxError) in
                try await requireOwned(header.sandbox)
                var execRequest = header.request
                execRequest.standardInput = input
                let events = sandbox.exec(header.sandbox, execRequest)
                let task = Task { () async throws -> Bool in try await stream(events, request: request) }
                await track(request, task)
                let exited: Bool
                do {
                    exited = try await task.value
                } catch {
                    throw error as? SandboxError ?? SandboxError(.host, "exec failed on the fence host: \(error)")
                }
                // Abandoned: cancelling the stream has killed the command; tell the runner the request is over.
                return exited ? [] : [FenceFrame(.done, request)]
            }
        case .copyIn(let request, let header, let archive):
            id = request
            outcome = await answer { () throws(SandboxError) in
                try await requireOwned(header.sandbox)
                try await sandbox.copyIn(header.sandbox, path: header.path, tar: archive)
                return [FenceFrame(.done, request)]
            }
        case .copyOut(let request, let header):
            id = request
            outcome = await answer { () throws(SandboxError) in
                try await requireOwned(header.sandbox)
                let archive = try await sandbox.copyOut(header.sandbox, path: header.path)
                return FenceJSON.chunks(archive, kind: .data, requestID: request) + [FenceFrame(.done, request)]
            }
        case .signal(let request, let header):
            id = request
            outcome = await answer { () throws(SandboxError) in
                try await requireOwned(header.sandbox)
                try await sandbox.signal(header.sandbox, header.signal)
                return [FenceFrame(.done, request)]
            }
        case .destroy(let request, let header):
            id = request
            outcome = await answer { () throws(SandboxError) in
                try await requireOwned(header.sandbox)
                try await sandbox.destroy(header.sandbox)
                await disown(header.sandbox)
                return [FenceFrame(.done, request)]
            }
        case .info(let request):
            id = request
            outcome = await answer { () throws(SandboxError) in
                [FenceFrame(.hostInfo, request, FenceJSON.encode(try await sandbox.info()))]
            }
        }
        switch outcome {
        case .success(let frames): try? transport.send(frames)
        case .failure(let error): try? transport.send(FenceFrame(.failure, id, FenceJSON.encode(FenceFailure(error))))
        }
        await finished(id)
    }

    /// The connection is gone: destroy everything it created, and whatever it was still creating once ready.
    func end() async {
        ended = true
        let sandboxes = owned
        owned = []
        for id in sandboxes {
            do {
                try await sandbox.destroy(id)
            } catch {
                logger.error("cannot destroy a sandbox of a closed fence connection",
                             metadata: ["sandbox": "\(id)", "reason": "\(error.message)"])
            }
        }
        logger.info("fence connection closed", metadata: ["destroyed": "\(sandboxes.count)"])
    }

    private func receiveBody(_ frame: FenceFrame) throws(SandboxError) -> Call? {
        guard var pending = receiving[frame.requestID] else {
            throw violation("a body frame for request \(frame.requestID), which expects none")
        }
        pending.bytes += frame.payload
        guard pending.bytes.count <= pending.expected else {
            throw violation("request \(frame.requestID) announced \(pending.expected) body bytes and sent more")
        }
        guard pending.bytes.count == pending.expected else {
            receiving[frame.requestID] = pending
            return nil
        }
        receiving[frame.requestID] = nil
        return pending.complete(pending.bytes)
    }

    /// A call with `length` body bytes to come returns only once they are in; nil means no body at all.
    private func expectBody(_ id: UInt32, length: Int?,
                            _ complete: @escaping @Sendable ([UInt8]?) -> Call) throws(SandboxError) -> Call? {
        guard let length, length > 0 else { return complete(length.map { _ in [] }) }
        guard length <= FenceProtocol.maximumBodyBytes else {
            throw violation("request \(id) announces a body of \(length) bytes, over the limit of "
                + "\(FenceProtocol.maximumBodyBytes)")
        }
        receiving[id] = Receiving(expected: length) { complete($0) }
        return nil
    }

    /// Forwards an exec's events; true once its `exited` has gone out, false when the stream stopped before
    /// (the runner abandoned it).
    private nonisolated func stream(_ events: AsyncThrowingStream<ExecEvent, any Error>,
                                    request: UInt32) async throws(SandboxError) -> Bool {
        do {
            for try await event in events {
                switch event {
                case .standardOutput(let bytes): try transport.send(FenceFrame(.standardOutput, request, bytes))
                case .standardError(let bytes): try transport.send(FenceFrame(.standardError, request, bytes))
                case .exit(let status):
                    try transport.send(FenceFrame(.exited, request, FenceJSON.encode(status)))
                    return true
                }
            }
            return false
        } catch let error as SandboxError {
            throw error
        } catch {
            throw SandboxError(.host, "exec failed on the fence host: \(error)")
        }
    }

    private nonisolated func answer(_ body: () async throws(SandboxError) -> [FenceFrame])
        async -> Result<[FenceFrame], SandboxError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    private func adopt(_ id: SandboxID) -> Bool {
        guard !ended else { return false }
        owned.insert(id)
        return true
    }

    private func disown(_ id: SandboxID) {
        owned.remove(id)
    }

    private func requireOwned(_ id: SandboxID) throws(SandboxError) {
        guard owned.contains(id) else {
            throw SandboxError(.notFound, "no sandbox \(id) on this fence connection (each connection sees only "
                + "the sandboxes it created)")
        }
    }

    private func finished(_ id: UInt32) {
        inFlight.remove(id)
        streaming[id] = nil
        abandonedEarly.remove(id)
    }

    private func track(_ id: UInt32, _ task: Task<Bool, any Error>) {
        streaming[id] = task
        if abandonedEarly.contains(id) { task.cancel() }
    }

    private func violation(_ what: String) -> SandboxError {
        SandboxError(.protocolViolation, "fence protocol: \(what)")
    }
}
