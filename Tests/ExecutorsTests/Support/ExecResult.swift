import Executors
import Foundation

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

/// Listens to `stream` until its first standard output, then stops listening (the consuming task is cancelled,
/// as a runner's would be) and returns that output, trimmed.
func firstOutputThenAbandon(_ stream: AsyncThrowingStream<ExecEvent, any Error>) async throws -> String {
    let (first, sink) = AsyncStream.makeStream(of: String.self)
    let listener = Task {
        for try await event in stream {
            if case .standardOutput(let bytes) = event { sink.yield(String(decoding: bytes, as: UTF8.self)) }
        }
        sink.finish()
    }
    var iterator = first.makeAsyncIterator()
    let output = await iterator.next()
    listener.cancel()
    return (output ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Polls `condition` every 50 ms for up to `seconds`; true as soon as it holds. For effects that take a moment
/// (a killed process disappearing), never for timing assertions.
func eventually(within seconds: Double = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
