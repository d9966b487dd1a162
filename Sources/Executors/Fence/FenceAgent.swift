import Logging

/// Serves a `Sandbox` to one runner over a fence connection: in production the standard input and output of
/// `swift-runner fence serve --stdio`, the forced command of the runner's key on the fence host.
///
/// A connection sees only the sandboxes it created. When it ends (end of file, a broken pipe, a protocol
/// violation) every one of them is destroyed, so a runner that dies or loses its network leaves nothing behind.
public struct FenceAgent: Sendable {
    public let sandbox: any Sandbox
    /// This side's software and version, sent in the welcome (`swift-runner 0.1.0`).
    public let software: String
    private let logger: Logger

    public init(serving sandbox: any Sandbox, software: String, logger: Logger) {
        self.sandbox = sandbox
        self.software = software
        self.logger = logger
    }

    /// Serves until the runner closes the connection, then destroys what it left. Throws when the runner broke
    /// the protocol or speaks another major version, after telling it why.
    public func serve(_ transport: FenceTransport) async throws(SandboxError) {
        let connection = FenceAgentConnection(sandbox: sandbox, transport: transport, logger: logger)
        var refusal: SandboxError?
        await withDiscardingTaskGroup { group in
            do throws(SandboxError) {
                var frames = transport.frames.makeAsyncIterator()
                try await welcome(try await transport.next(&frames), on: transport)
                while let frame = try await transport.next(&frames) {
                    if let call = try await connection.accept(frame) {
                        group.addTask { await connection.perform(call) }
                    }
                }
            } catch where error.code == .connectionLost {
                logger.debug("fence connection broke", metadata: ["reason": "\(error.message)"])
            } catch {
                refusal = error
                try? transport.send(FenceFrame(.failure, 0, FenceJSON.encode(FenceFailure(error))))
            }
            await connection.end()
            group.cancelAll()
        }
        transport.close()
        if let refusal { throw refusal }
    }

    /// The first frame must be a hello of our major version; the answer is our own.
    private func welcome(_ first: FenceFrame?, on transport: FenceTransport) async throws(SandboxError) {
        guard let first else {
            throw SandboxError(.connectionLost, "the runner closed the connection before saying hello")
        }
        guard first.kind == .hello, first.requestID == 0 else {
            throw SandboxError(.protocolViolation, "fence protocol: the first frame must be a hello on request 0, "
                + "not \(first.kind) on request \(first.requestID)")
        }
        let hello = try FenceJSON.decode(FenceHello.self, from: first)
        guard hello.isCompatible else {
            throw SandboxError(.refused, "this fence host speaks \(FenceProtocol.name) \(FenceProtocol.major).x "
                + "(\(software)); the runner (\(hello.software)) speaks \(hello.protocolName) "
                + "\(hello.major).\(hello.minor): install the same swift-runner release on both")
        }
        logger.info("fence connection opened", metadata: ["peer": "\(hello.software)"])
        try transport.send(FenceFrame(.welcome, 0, FenceJSON.encode(FenceHello(software: software))))
    }
}
