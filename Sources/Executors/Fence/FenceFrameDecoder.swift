/// Cuts a byte stream into frames. Bytes arrive in any pieces; a frame comes out once all of it is there.
/// A length beyond the limit or an unknown kind is a protocol violation: the stream cannot be trusted after it.
public struct FenceFrameDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    /// True when bytes of an unfinished frame are waiting: the stream must not end here.
    public var isInsideFrame: Bool { start < buffer.count }

    public mutating func append(_ bytes: [UInt8]) {
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        buffer += bytes
    }

    /// The next whole frame, nil when more bytes are needed.
    public mutating func next() throws(SandboxError) -> FenceFrame? {
        guard buffer.count - start >= FenceFrame.headerSize else { return nil }
        let length = Int(readUInt32(at: start))
        guard length <= FenceFrame.maximumPayload else {
            throw SandboxError(.protocolViolation, "fence protocol: a frame announces \(length) bytes, more than the "
                + "limit of \(FenceFrame.maximumPayload); the peer is not a fence endpoint of this version, or the "
                + "stream is corrupt (is something else printing to standard output?)")
        }
        guard let kind = FenceFrame.Kind(rawValue: buffer[start + 4]) else {
            throw SandboxError(.protocolViolation, "fence protocol: unknown frame kind \(buffer[start + 4]); the peer "
                + "speaks another version or the stream is corrupt")
        }
        guard buffer.count - start >= FenceFrame.headerSize + length else { return nil }
        let requestID = readUInt32(at: start + 5)
        let payloadStart = start + FenceFrame.headerSize
        let frame = FenceFrame(kind, requestID, Array(buffer[payloadStart..<payloadStart + length]))
        start = payloadStart + length
        if start > 1 << 20 {
            buffer.removeFirst(start)
            start = 0
        }
        return frame
    }

    private func readUInt32(at index: Int) -> UInt32 {
        buffer[index..<index + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
