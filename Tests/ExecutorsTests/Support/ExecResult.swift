import Executors

/// Everything one exec produced, gathered from its stream (shared by the sandbox, host and fence tests).
struct ExecResult: Equatable {
    var events: [ExecEvent] = []
    var standardOutput: [UInt8] = []
    var standardError: [UInt8] = []
    var status: Executors.ExitStatus?

    var output: String { String(decoding: standardOutput, as: UTF8.self) }
    var errors: String { String(decoding: standardError, as: UTF8.self) }
}

func collect(_ stream: AsyncThrowingStream<ExecEvent, any Error>) async throws -> ExecResult {
    var result = ExecResult()
    for try await event in stream {
        result.events.append(event)
        switch event {
        case .standardOutput(let bytes): result.standardOutput += bytes
        case .standardError(let bytes): result.standardError += bytes
        case .exit(let status): result.status = status
        }
    }
    return result
}
