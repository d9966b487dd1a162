/// Turns a step's output, read in chunks that split wherever the pipe did, into whole lines. Masking and workflow
/// commands both need whole lines: a secret or a `::set-output` cut in two by a chunk boundary would otherwise
/// slip through. One assembler per output stream.
///
/// Lines end at `\n`; a `\r` right before it is dropped, also when the two arrive in different chunks. A lone `\r`
/// (progress bars) stays inside the line, as in Forgejo's runner. Bytes are decoded as UTF-8 only once a line is
/// complete, so a character split between chunks survives; invalid UTF-8 becomes U+FFFD.
///
/// A line longer than `maximumLineBytes` (64 KiB unless told) is cut into pieces of at most that size, at a
/// character boundary, so a stream without newlines cannot grow memory without bound. Each piece is returned as a
/// line of its own; a secret that straddles a cut is masked in neither piece.
public struct LogLineAssembler: Sendable {
    public let maximumLineBytes: Int
    private var pending: [UInt8] = []

    public init(maximumLineBytes: Int = 64 * 1024) {
        precondition(maximumLineBytes >= 4, "a piece must hold at least one UTF-8 character")
        self.maximumLineBytes = maximumLineBytes
    }

    /// The lines `chunk` completes, without their terminators, in order.
    public mutating func append(_ chunk: [UInt8]) -> [String] {
        var lines: [String] = []
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var line: ArraySlice<UInt8>
            if pending.isEmpty {
                line = chunk[start..<newline]
            } else {
                pending.append(contentsOf: chunk[start..<newline])
                line = pending[...]
                pending.removeAll(keepingCapacity: true)
            }
            line = Self.droppingCarriageReturn(line)
            cutPieces(of: &line, into: &lines)
            lines.append(Self.decode(line))
            start = newline + 1
        }
        pending.append(contentsOf: chunk[start...])
        // A final `\r` may be half of a `\r\n`: it stays pending, outside the count.
        let held = pending.last == UInt8(ascii: "\r") ? 1 : 0
        if pending.count - held > maximumLineBytes {
            var rest = pending.dropLast(held)
            cutPieces(of: &rest, into: &lines)
            pending = Array(rest) + pending.suffix(held)
        }
        return lines
    }

    /// The unterminated rest of the output, nil when there is none; call it once the stream has ended.
    public mutating func flush() -> String? {
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll() }
        return Self.decode(Self.droppingCarriageReturn(pending[...]))
    }

    /// Moves pieces off the front of `bytes` into `lines` until at most the limit is left.
    private func cutPieces(of bytes: inout ArraySlice<UInt8>, into lines: inout [String]) {
        while bytes.count > maximumLineBytes {
            let cut = characterBoundary(in: bytes)
            lines.append(Self.decode(bytes[..<cut]))
            bytes = bytes[cut...]
        }
    }

    /// Where to cut `bytes` (longer than the limit) so the piece is at most the limit and no character is split:
    /// step back over at most three continuation bytes; text that is not UTF-8 there is cut at the limit.
    private func characterBoundary(in bytes: ArraySlice<UInt8>) -> Int {
        let limit = bytes.startIndex + maximumLineBytes
        var cut = limit
        while cut > limit - 3, bytes[cut] & 0b1100_0000 == 0b1000_0000 { cut -= 1 }
        return bytes[cut] & 0b1100_0000 == 0b1000_0000 ? limit : cut
    }

    private static func droppingCarriageReturn(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
