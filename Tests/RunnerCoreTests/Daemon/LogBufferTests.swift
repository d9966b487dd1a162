import Foundation
import Testing
import TestSupport
@testable import RunnerCore

/// Log rows wait for the server's acknowledgement, in order, spilling to disk past the memory limit.
@Suite struct LogBufferTests {
    private func rows(_ range: Range<Int>) -> [TaskLogRow] {
        range.map { TaskLogRow(time: Date(timeIntervalSince1970: Double($0)), content: "row \($0) " + String(repeating: "x", count: $0 % 7)) }
    }

    @Test func rowsWaitUntilAcknowledgedAndComeBackInOrder() throws {
        let scratch = try TemporaryDirectory()
        let buffer = LogBuffer(spillPath: scratch.path + "/spill")
        for row in rows(0..<10) { try buffer.append(row) }
        var batch = try buffer.unacknowledged(limit: 4)
        #expect(batch.index == 0 && batch.rows == rows(0..<4))
        try buffer.acknowledge(3)
        batch = try buffer.unacknowledged(limit: 100)
        #expect(batch.index == 3 && batch.rows == rows(3..<10))
        #expect(buffer.pending == 7)
        try buffer.acknowledge(3)  // the same acknowledgement again changes nothing
        #expect(throws: LogBufferError.wentBackwards(from: 3, to: 2)) { try buffer.acknowledge(2) }
        #expect(throws: LogBufferError.beyondTheEnd(ack: 11, count: 10)) { try buffer.acknowledge(11) }
    }

    @Test func pastTheMemoryLimitRowsGoToDiskAndNoneIsLostOrRepeated() throws {
        let scratch = try TemporaryDirectory()
        let spill = scratch.path + "/spill"
        let buffer = LogBuffer(memoryLimit: 2_000, spillPath: spill)
        let all = rows(0..<5_000)
        for row in all { try buffer.append(row) }
        #expect(FileManager.default.fileExists(atPath: spill), "rows beyond 2,000 bytes wait on disk")
        var received: [TaskLogRow] = []
        var appendedMeanwhile = false
        while buffer.pending > 0 {
            let batch = try buffer.unacknowledged(limit: 333)
            #expect(batch.index == received.count)
            received += batch.rows
            try buffer.acknowledge(batch.index + batch.rows.count)
            if received.count >= 2_500, !appendedMeanwhile {
                for row in rows(5_000..<5_100) { try buffer.append(row) }
                appendedMeanwhile = true
            }
        }
        let expected = rows(0..<5_100)
        #expect(received.count == expected.count)
        let firstDifference = received.indices.first { $0 < expected.count && received[$0] != expected[$0] }
        #expect(firstDifference == nil, "first difference at row \(firstDifference ?? -1)")
        #expect(!FileManager.default.fileExists(atPath: spill), "the spill file goes once drained")
    }
}
