import Foundation
import SwiftProtobuf
import Testing
@testable import RunnerCore

/// The generated messages against hand-encoded bytes: every field of every message at the number the spec gives,
/// so a wrong number in Protos/ fails here rather than against a real Forgejo. Bytes are written as hex, one field
/// (tag, length, value) per group.
@Suite struct WireFormatTests {
    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
    }

    /// Encodes `message`, compares with `hex`, and decodes `hex` back to the same message.
    func expectWire<M: SwiftProtobuf.Message & Equatable>(_ message: M, _ hex: String,
                                                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        let encoded: [UInt8] = try message.serializedBytes()
        #expect(encoded == Self.bytes(hex), "\(M.protoMessageName)", sourceLocation: sourceLocation)
        #expect(try M(serializedBytes: Self.bytes(hex)) == message, sourceLocation: sourceLocation)
    }

    @Test func ping() throws {
        try expectWire(Ping_V1_PingRequest.with { $0.data = "d" }, "0a0164")
        try expectWire(Ping_V1_PingResponse.with { $0.data = "d" }, "0a0164")
    }

    @Test func registration() throws {
        try expectWire(Runner_V1_RegisterRequest.with {
            $0.name = "n"
            $0.token = "t"
            $0.agentLabels = ["a"]
            $0.customLabels = ["c"]
            $0.version = "v"
            $0.labels = ["l"]
            $0.ephemeral = true
        }, "0a016e 120174 1a0161 220163 2a0176 32016c 3801")
        try expectWire(Runner_V1_RegisterResponse.with { $0.runner = .with { $0.id = 1 } }, "0a02 0801")
        try expectWire(Runner_V1_DeclareRequest.with { $0.version = "v"; $0.labels = ["l"] }, "0a0176 12016c")
        try expectWire(Runner_V1_DeclareResponse.with { $0.runner = .with { $0.id = 1 } }, "0a02 0801")
    }

    @Test func runner() throws {
        try expectWire(Runner_V1_Runner.with {
            $0.id = 7
            $0.uuid = "u"
            $0.token = "t"
            $0.name = "n"
            $0.status = .active
            $0.agentLabels = ["a"]
            $0.customLabels = ["c"]
            $0.version = "v"
            $0.labels = ["l"]
            $0.ephemeral = true
        }, "0807 120175 1a0174 22016e 2802 320161 3a0163 420176 4a016c 5001")
    }

    @Test func fetching() throws {
        try expectWire(Runner_V1_FetchTaskRequest.with { $0.tasksVersion = 300 }, "08ac02")
        try expectWire(Runner_V1_FetchTaskResponse.with { $0.task = .with { $0.id = 9 }; $0.tasksVersion = 5 },
                       "0a02 0809 1005")
        // No task: the field is absent, not an empty message.
        try expectWire(Runner_V1_FetchTaskResponse.with { $0.tasksVersion = 5 }, "1005")
    }

    @Test func task() throws {
        try expectWire(Runner_V1_Task.with {
            $0.id = 1
            $0.workflowPayload = Data("y".utf8)
            $0.context = Google_Protobuf_Struct()
            $0.secrets = ["k": "v"]
            $0.machine = "m"
            $0.needs = ["j": .with { $0.outputs = ["o": "p"]; $0.result = .success }]
            $0.vars = ["a": "b"]
        }, """
            0801 120179 1a00 2206 0a016b 120176 2a016d
            320f 0a016a 120a (0a06 0a016f 120170) (1001)
            3a06 0a0161 120162
            """.replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: ""))
    }

    @Test func reporting() throws {
        try expectWire(Runner_V1_TaskState.with {
            $0.id = 3
            $0.result = .failure
            $0.startedAt = Google_Protobuf_Timestamp(seconds: 1)
            $0.stoppedAt = Google_Protobuf_Timestamp(seconds: 2)
            $0.steps = [.with {
                $0.id = 1
                $0.result = .skipped
                $0.startedAt = Google_Protobuf_Timestamp(seconds: 3)
                $0.stoppedAt = Google_Protobuf_Timestamp(seconds: 4)
                $0.logIndex = 10
                $0.logLength = 20
            }]
        }, "0803 1002 1a02 0801 2202 0802 2a10 0801 1004 1a020803 22020804 280a 3014")
        try expectWire(Runner_V1_UpdateTaskRequest.with { $0.state = .with { $0.id = 3 }; $0.outputs = ["x": "y"] },
                       "0a02 0803 1206 0a0178 120179")
        try expectWire(Runner_V1_UpdateTaskResponse.with { $0.state = .with { $0.result = .cancelled }; $0.sentOutputs = ["x"] },
                       "0a02 1003 120178")
        try expectWire(Runner_V1_UpdateLogRequest.with {
            $0.taskID = 5
            $0.index = 3
            $0.rows = [.with { $0.time = Google_Protobuf_Timestamp(seconds: 4); $0.content = "c" }]
            $0.noMore = true
        }, "0805 1003 1a07 0a020804 120163 2001")
        try expectWire(Runner_V1_UpdateLogResponse.with { $0.ackIndex = 9 }, "0809")
    }

    @Test func enumNumbers() {
        #expect([Runner_V1_RunnerStatus.unspecified, .idle, .active, .offline].map(\.rawValue) == [0, 1, 2, 3])
        #expect([Runner_V1_Result.unspecified, .success, .failure, .cancelled, .skipped].map(\.rawValue) == [0, 1, 2, 3, 4])
    }
}
