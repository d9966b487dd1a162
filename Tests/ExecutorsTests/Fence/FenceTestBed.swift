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
        let (status, text) = try runCapturing(
            "/bin/bash", ["-c", "set -euo pipefail; source scripts/testbed.d/fence.sh; \(function)"],
            environment: ProcessInfo.processInfo.environment.merging(["TESTBED_STATE": state, "SWIFT_RUNNER": binary]) { $1 })
        guard status == 0 else {
            throw FenceTestBedError(message: "\(function) failed with status \(status): \(text)")
        }
    }

    /// Runs a program from the repository's root and returns its status with standard output and error together.
    static func runCapturing(_ executable: String, _ arguments: [String],
                             environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: repository)
        if let environment { process.environment = environment }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}

struct FenceTestBedError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
