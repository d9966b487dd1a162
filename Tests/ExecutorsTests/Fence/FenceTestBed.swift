import Foundation
import Testing
@testable import Executors

/// The fence host of scripts/testbed.d/fence.sh (namespace srfence, sshd on 10.200.0.2:2222 forcing the built
/// `swift-runner fence serve --stdio`), brought up once around a suite and torn down after it, also on failure.
struct FenceTestBed: SuiteTrait, TestScoping {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let binary = repository + "/.build/debug/swift-runner"
    static let state = NSTemporaryDirectory() + "swift-runner-fence-tests-\(getpid())"
    static let target = FenceTarget(user: "root", host: "10.200.0.2", port: 2222)
    static var clientKey: String { state + "/fence/client_key" }
    static var knownHosts: String { state + "/fence/known_hosts" }
    static var sandboxes: String { state + "/fence/sandboxes" }
    static let isRoot = getuid() == 0
    static let skipReason: Comment = "needs root: the test bed creates a network namespace, a veth pair, an iptables rule and an sshd"

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(atPath: Self.state) }
        do {
            try Self.run("fence_up")
            try await function()
        } catch {
            try? Self.run("fence_down")
            throw error
        }
        try Self.run("fence_down")
    }

    static func client() -> FenceClient {
        FenceClient(target: target, identityFile: clientKey, knownHostsFile: knownHosts, software: "fence tests")
    }

    private static func run(_ function: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "set -euo pipefail; source scripts/testbed.d/fence.sh; \(function)"]
        process.currentDirectoryURL = URL(fileURLWithPath: repository)
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["TESTBED_STATE": state, "SWIFT_RUNNER": binary]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FenceTestBedError(message: "\(function) failed with status \(process.terminationStatus): \(text)")
        }
    }
}

struct FenceTestBedError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
