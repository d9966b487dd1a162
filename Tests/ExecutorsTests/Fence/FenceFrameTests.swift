import Testing
@testable import Executors

/// Framing: frames survive any split of the byte stream, and garbage is a protocol violation, never a crash.
@Suite struct FenceFrameTests {
    private let frames = [
        FenceFrame(.hello, 0, Array("{\"a\":1}".utf8)),
        FenceFrame(.standardOutput, 7, Array(repeating: 0xff, count: 70_000)),
        FenceFrame(.done, UInt32.max),
        FenceFrame(.body, 3, [0, 1, 2]),
    ]

    @Test(arguments: [1, 2, 9, 10, 4096, 1 << 20])
    func framesRoundTripInPiecesOf(size: Int) throws {
        let bytes = frames.flatMap { $0.encoded() }
        var decoder = FenceFrameDecoder()
        var decoded: [FenceFrame] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
            decoder.append(Array(bytes[start..<min(start + size, bytes.count)]))
            while let frame = try decoder.next() { decoded.append(frame) }
        }
        #expect(decoded == frames)
        #expect(!decoder.isInsideFrame)
    }

    @Test func headerIsLengthKindAndRequestIDBigEndian() {
        #expect(FenceFrame(.exec, 0x0102_0304, [9]).encoded() == [0, 0, 0, 1, 17, 1, 2, 3, 4, 9])
    }

    @Test func aPartialFrameWaitsForTheRest() throws {
        var decoder = FenceFrameDecoder()
        decoder.append(Array(FenceFrame(.info, 1, [1, 2, 3]).encoded().dropLast()))
        #expect(try decoder.next() == nil)
        #expect(decoder.isInsideFrame)
    }

    @Test func anOversizeLengthIsAViolation() {
        var decoder = FenceFrameDecoder()
        decoder.append([0x7f, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0])
        do {
            _ = try decoder.next()
            Issue.record("an oversize frame decoded")
        } catch {
            #expect(error.code == .protocolViolation)
            #expect(error.message.contains("more than the limit"))
        }
    }

    @Test func anUnknownKindIsAViolation() {
        var decoder = FenceFrameDecoder()
        decoder.append([0, 0, 0, 0, 200, 0, 0, 0, 1])
        do {
            _ = try decoder.next()
            Issue.record("kind 200 decoded")
        } catch {
            #expect(error.code == .protocolViolation)
            #expect(error.message.contains("unknown frame kind 200"))
        }
    }

    @Test func textIsAViolation() {
        var decoder = FenceFrameDecoder()
        decoder.append(Array("Welcome to Debian GNU/Linux!\n".utf8))
        #expect(throws: SandboxError.self) { try decoder.next() }
    }

    @Test func badJSONNamesTheFrame() {
        do {
            _ = try FenceJSON.decode(FenceHello.self, from: FenceFrame(.hello, 0, Array("{nope".utf8)))
            Issue.record("bad JSON decoded")
        } catch {
            #expect(error.code == .protocolViolation)
            #expect(error.message.contains("hello frame of request 0"))
        }
    }

    @Test func bulkDataGoesInChunks() {
        let data = [UInt8](repeating: 1, count: FenceFrame.chunkSize * 2 + 5)
        let chunks = FenceJSON.chunks(data, kind: .body, requestID: 4)
        #expect(chunks.map(\.payload.count) == [FenceFrame.chunkSize, FenceFrame.chunkSize, 5])
        #expect(chunks.allSatisfy { $0.requestID == 4 && $0.kind == .body })
        #expect(FenceJSON.chunks([], kind: .body, requestID: 4).isEmpty)
    }
}
