import Foundation
import Logging
import Testing
@testable import Executors

/// Connects a client to an agent in this process through two pipes; each connection gets its own agent task,
/// whose outcome `served` records.
struct PipeConnector: FenceConnector {
    let agent: FenceAgent
    let served = LockedValue<[Result<Void, SandboxError>]>([])

    init(_ sandbox: any Sandbox) {
        agent = FenceAgent(serving: sandbox, software: "fence tests", logger: Logger(label: "fence-tests"))
    }

    func connect() async throws(SandboxError) -> FenceTransport {
        let (runner, agentSide) = Self.pipePair()
        let agent = agent
        let served = served
        Task {
            do throws(SandboxError) {
                try await agent.serve(agentSide)
                served.withLock { $0.append(.success(())) }
            } catch {
                served.withLock { $0.append(.failure(error)) }
            }
        }
        return runner
    }

    /// Two transports joined back to back.
    static func pipePair() -> (FenceTransport, FenceTransport) {
        let toAgent = FileDescriptorIO.makePipe()!
        let toRunner = FileDescriptorIO.makePipe()!
        return (FenceTransport(reading: toRunner.read, writing: toAgent.write, peerName: "in-process agent"),
                FenceTransport(reading: toAgent.read, writing: toRunner.write, peerName: "in-process runner"))
    }

    /// Waits until `count` connections have ended on the agent side.
    func waitForServed(_ count: Int) async -> [Result<Void, SandboxError>] {
        for _ in 0..<500 {
            let results = served.withLock { $0 }
            if results.count >= count { return results }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return served.withLock { $0 }
    }
}


/// Expects `body` to fail with a SandboxError of `code` whose message contains `text`.
func expectSandboxError(_ code: SandboxError.Code, containing text: String = "",
                        sourceLocation: SourceLocation = #_sourceLocation,
                        _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected a \(code) error", sourceLocation: sourceLocation)
    } catch let error as SandboxError {
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        #expect(text.isEmpty || error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a SandboxError, got \(error)", sourceLocation: sourceLocation)
    }
}

/// A fresh folder for host sandboxes, removed by the caller.
func temporaryRoot() -> String {
    let path = NSTemporaryDirectory() + "fence-tests-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Whether `pid` is a live process: a zombie waiting for its reaper counts as gone.
func isRunning(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
}

