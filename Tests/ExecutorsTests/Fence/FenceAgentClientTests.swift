import Foundation
import Testing
@testable import Executors

/// A FenceClient and a FenceAgent serving a HostSandbox, joined by in-process pipes.
@Suite struct FenceAgentClientTests {
    private func withClient(_ body: (FenceClient, PipeConnector, HostSandbox) async throws -> Void) async throws {
        let root = temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sandbox = try HostSandbox(root: root)
        let connector = PipeConnector(sandbox)
        let client = FenceClient(connector: connector, software: "fence tests")
        try await body(client, connector, sandbox)
        let connections = connector.served.withLock { $0.count } + 1
        await client.close()
        _ = await connector.waitForServed(connections)  // the agent has destroyed what the test left
    }

    @Test func execStreamsOutputErrorsInputAndStatus() async throws {
        try await withClient { client, _, _ in
            let id = try await client.create(SandboxSpec(image: .native, environment: ["GREETING": "hello"]))
            let result = try await collect(client.exec(id, ExecRequest(
                arguments: ["sh", "-c", "echo $GREETING $EXTRA; cat; echo oops >&2; exit 3"],
                environment: ["EXTRA": "there"], standardInput: Array("from stdin\n".utf8))))
            #expect(result.output == "hello there\nfrom stdin\n" && result.errors == "oops\n")
            #expect(result.status == .exited(3))
            #expect(try await client.peer().software == "fence tests")
        }
    }

    @Test func manyConcurrentExecsShareOneConnection() async throws {
        try await withClient { client, connector, _ in
            let id = try await client.create(SandboxSpec(image: .native))
            let outputs = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await collect(client.exec(id, ExecRequest(arguments: ["sh", "-c", "sleep 0.0$((\(index) % 5)); echo \(index)"]))).output
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(outputs == Set((0..<40).map { "\($0)\n" }))
            #expect(connector.served.withLock { $0.isEmpty })  // still the first connection
        }
    }

    @Test func copyInThenOutRoundTripsAnArchive() async throws {
        try await withClient { client, _, _ in
            let id = try await client.create(SandboxSpec(image: .native))
            let source = temporaryRoot()
            defer { try? FileManager.default.removeItem(atPath: source) }
            let big = String(repeating: "0123456789", count: 100_000)  // crosses chunk boundaries
            try FileManager.default.createDirectory(atPath: source + "/data", withIntermediateDirectories: true)
            try big.write(toFile: source + "/data/big.txt", atomically: true, encoding: .utf8)
            let archive = try await collect(Self.tar(["-c", "-f", "-", "-C", source, "data"]))
            try await client.copyIn(id, path: "work", tar: Array(archive.output.utf8))
            let check = try await collect(client.exec(id, ExecRequest(arguments: ["wc", "-c", "data/big.txt"],
                                                                      workingDirectory: "work")))
            #expect(check.output == "1000000 data/big.txt\n")
            let back = try await client.copyOut(id, path: "work/data")
            #expect(back.count > 1_000_000)
            await expectSandboxError(.notFound, containing: "does not exist") {
                _ = try await client.copyOut(id, path: "nothing-here")
            }
        }
    }

    @Test func signalReachesARunningCommand() async throws {
        try await withClient { client, _, _ in
            let id = try await client.create(SandboxSpec(image: .native))
            let stream = client.exec(id, ExecRequest(arguments: ["sh", "-c", "echo started; exec sleep 30"]))
            var iterator = stream.makeAsyncIterator()
            #expect(try await iterator.next() == .standardOutput(Array("started\n".utf8)))
            try await client.signal(id, SIGTERM)
            #expect(try await iterator.next() == .exit(Executors.ExitStatus.signaled(SIGTERM)))
        }
    }

    @Test func abandoningAnExecKillsItsCommandAndKeepsTheConnection() async throws {
        try await withClient { client, _, _ in
            let id = try await client.create(SandboxSpec(image: .native))
            let pid = try #require(pid_t(try await firstOutputThenAbandon(
                client.exec(id, ExecRequest(arguments: ["sh", "-c", "echo $$; exec sleep 30"])))))
            #expect(await eventually { !isRunning(pid) }, "the abandoned command \(pid) still runs")
            // Late frames of the abandoned exec are dropped, not taken for a protocol violation.
            #expect(try await collect(client.exec(id, ExecRequest(arguments: ["echo", "next"]))).output == "next\n")
        }
    }

    @Test func errorsCarryTheirCodeAcrossTheConnection() async throws {
        try await withClient { client, connector, _ in
            await expectSandboxError(.refused, containing: "cannot use image") {
                _ = try await client.create(SandboxSpec(image: .registry("busybox")))
            }
            await expectSandboxError(.notFound, containing: "no sandbox nope on this fence connection") {
                try await client.signal(SandboxID("nope"), SIGTERM)
            }
            await expectSandboxError(.notFound) {
                _ = try await collect(client.exec(SandboxID("nope"), ExecRequest(arguments: ["true"])))
            }
            let huge = SandboxSpec(image: .native, environment: ["BIG": String(repeating: "x", count: 5 << 20)])
            await expectSandboxError(.refused, containing: "exceeds the fence frame limit") {
                _ = try await client.create(huge)
            }
            let info = try await client.info()  // the connection survived all of it
            #expect(info.runtime.hasPrefix("host"))
            #expect(connector.served.withLock { $0.isEmpty })
        }
    }

    @Test func closingTheConnectionDestroysItsSandboxes() async throws {
        try await withClient { client, connector, sandbox in
            let id = try await client.create(SandboxSpec(image: .native))
            let running = client.exec(id, ExecRequest(arguments: ["sh", "-c", "echo $$; exec sleep 60"]))
            var iterator = running.makeAsyncIterator()
            guard case .standardOutput(let pidText)? = try await iterator.next(),
                  let pid = Int32(String(decoding: pidText, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            else { Issue.record("no pid"); return }
            #expect(FileManager.default.fileExists(atPath: sandbox.root + "/" + id.rawValue))

            await client.close()
            await expectSandboxError(.connectionLost) { _ = try await iterator.next() }
            #expect(await connector.waitForServed(1).count == 1)
            #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/" + id.rawValue))
            #expect(await eventually { !isRunning(pid) }, "the sandbox's sleep survived its connection")

            // The next call reconnects, and the old sandbox is gone for good.
            await expectSandboxError(.notFound) { try await client.destroy(id) }
            _ = try await client.create(SandboxSpec(image: .native))
        }
    }

    static let hello = FenceFrame(.hello, 0, FenceJSON.encode(FenceHello(software: "raw test"))).encoded()
    static let garbage: [(String, [UInt8], SandboxError.Code, String)] = [
        ("text", Array("SSH-2.0-OpenSSH_9.2\r\n".utf8), .protocolViolation, "more than the limit"),
        ("unknown kind", [0, 0, 0, 0, 200, 0, 0, 0, 0], .protocolViolation, "unknown frame kind 200"),
        ("no hello", FenceFrame(.info, 1).encoded(), .protocolViolation, "the first frame must be a hello"),
        ("bad hello", FenceFrame(.hello, 0, Array("[1,2]".utf8)).encoded(), .protocolViolation, "valid FenceHello"),
        ("major 2", FenceFrame(.hello, 0, FenceJSON.encode(FenceHello(software: "future", major: 2))).encoded(),
         .refused, "install the same swift-runner release"),
        ("bad exec", hello + FenceFrame(.exec, 5, Array("{}".utf8)).encoded(), .protocolViolation, "exec frame of request 5"),
        ("stray body", hello + FenceFrame(.body, 9, [1]).encoded(), .protocolViolation, "request 9, which expects none"),
        ("agent kind", hello + FenceFrame(.exited, 2).encoded(), .protocolViolation, "does not send exited frames"),
    ]

    /// Raw bytes to a fresh agent: it answers with a failure on request 0, closes, and reports the same error.
    @Test(arguments: garbage)
    func garbageEndsTheConnection(name: String, bytes: [UInt8], code: SandboxError.Code, text: String) async throws {
        let root = temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let agent = PipeConnector(try HostSandbox(root: root)).agent
        let toAgent = FileDescriptorIO.makePipe()!
        let toRunner = FileDescriptorIO.makePipe()!
        defer { close(toAgent.write) }
        let transport = FenceTransport(reading: toAgent.read, writing: toRunner.write, peerName: "raw test")
        #expect(FileDescriptorIO.writeAll(toAgent.write, bytes), "\(name)")
        await expectSandboxError(code, containing: text) { try await agent.serve(transport) }

        var answer: [UInt8] = []
        while let chunk = FileDescriptorIO.readChunk(toRunner.read), !chunk.isEmpty { answer += chunk }
        close(toRunner.read)
        var decoder = FenceFrameDecoder()
        decoder.append(answer)
        var last: FenceFrame?
        while let frame = try decoder.next() { last = frame }
        let failure = try #require(last)
        #expect(failure.kind == .failure && failure.requestID == 0)
        #expect(try FenceJSON.decode(FenceFailure.self, from: failure).error.code == code)
    }

    /// A peer that never answers, but (like ssh when the runner ends it) goes away once the runner gives up.
    @Test func aSilentPeerTimesOutTheHandshake() async throws {
        let (runner, silent) = PipeConnector.pipePair()
        let peer = Task {
            for try await _ in silent.frames {}
            silent.close()
        }
        defer { peer.cancel() }
        await expectSandboxError(.connectionLost, containing: "did not answer the fence hello") {
            _ = try await FenceSession.open(runner, software: "fence tests", timeout: .milliseconds(100))
        }
    }

    static func tar(_ arguments: [String]) -> AsyncThrowingStream<ExecEvent, any Error> {
        let process = try! SpawnedProcess.spawn("/usr/bin/tar", arguments: ["tar"] + arguments,
                                                environment: [:], workingDirectory: nil, withInput: false)
        return ProcessEvents.stream(process, input: nil)
    }
}
