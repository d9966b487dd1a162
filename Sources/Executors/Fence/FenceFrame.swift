/// One unit of the fence protocol on the byte stream:
///
///     payload length (4 bytes, big-endian) | kind (1 byte) | request id (4 bytes, big-endian) | payload
///
/// The request id ties every answer, and every chunk of a streamed answer, to the request that asked: many
/// calls (and many exec streams) share one connection. Id 0 is the connection's own (hello, welcome, a
/// connection-wide failure). Payloads are JSON for structured messages and raw bytes for data
/// (`FenceMessages.swift` says which kind carries what).
public struct FenceFrame: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        // Either side, request id 0.
        case hello = 1, welcome = 2
        // Runner to fence host: one kind per Sandbox call, then the raw bytes of its body.
        case create = 16, exec, copyIn, copyOut, signal, destroy, info
        /// The runner stopped listening to an exec (minor version 1): the fence host kills the command.
        case abandon = 23
        case body = 31
        // Fence host to runner: answers and streamed data.
        case created = 48, standardOutput, standardError, exited, done, data, hostInfo, failure
    }

    public var kind: Kind
    public var requestID: UInt32
    public var payload: [UInt8]

    /// Bytes before the payload.
    public static let headerSize = 9
    /// The largest payload either side sends or accepts; bulk data travels in chunks of `chunkSize`.
    public static let maximumPayload = 4 << 20
    public static let chunkSize = 256 << 10

    public init(_ kind: Kind, _ requestID: UInt32, _ payload: [UInt8] = []) {
        self.kind = kind
        self.requestID = requestID
        self.payload = payload
    }

    /// The frame as it goes on the wire.
    public func encoded() -> [UInt8] {
        precondition(payload.count <= Self.maximumPayload, "a \(kind) frame of \(payload.count) bytes exceeds the limit")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerSize + payload.count)
        Self.append(UInt32(payload.count), to: &bytes)
        bytes.append(kind.rawValue)
        Self.append(requestID, to: &bytes)
        bytes += payload
        return bytes
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }
}
