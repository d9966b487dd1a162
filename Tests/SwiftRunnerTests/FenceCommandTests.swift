import Foundation
import Testing

/// `swift-runner fence`: usage errors and the agent's answer to garbage. The end-to-end checks through sshd are in
/// ExecutorsTests/Fence/FenceEndToEndTests (they need root for the test bed).
@Suite struct FenceCommandTests {
    @Test func serveNeedsStdio() throws {
        let result = try BinaryRunner.run(["fence", "serve"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("fence serve needs --stdio"))
    }

    @Test func serveHelpNamesTheRuntimes() throws {
        let result = try BinaryRunner.run(["fence", "serve", "--help"])
        #expect(result.standardOutput.contains("--runtime <runtime>"))
        let help = result.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("(values: oci, host; default: oci)"), "\(help)")
    }

    @Test func serveRefusesGarbageWithAProtocolViolation() throws {
        let root = NSTemporaryDirectory() + "fence-command-tests-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try BinaryRunner.run(["fence", "serve", "--stdio", "--runtime", "host", "--root", root],
                                          standardInput: "GET / HTTP/1.1\r\n\r\n")
        #expect(result.status == 1)
        #expect(result.standardError.contains("error: fence serve: fence protocol"))
        #expect(result.standardOutput.utf8.count > 9, "no failure frame on standard output")
    }

    @Test func serveEndsQuietlyWhenTheRunnerSaysNothing() throws {
        let root = NSTemporaryDirectory() + "fence-command-tests-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try BinaryRunner.run(["fence", "serve", "--stdio", "--runtime", "host", "--root", root], standardInput: "")
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test(arguments: [("fence@host", "must start with ssh://"), ("ssh://host:22", "the user is missing")])
    func checkRefusesABadTarget(target: String, reason: String) throws {
        let result = try BinaryRunner.run(["fence", "check", target])
        #expect(result.status == 2)
        #expect(result.standardError.contains(reason))
    }

    @Test func checkFailsEveryLineWhenTheKeyIsMissing() throws {
        let result = try BinaryRunner.run(["fence", "check", "ssh://fence@127.0.0.1:1", "--key", "/nonexistent/key",
                                           "--known-hosts", "/nonexistent/known_hosts"])
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("FAIL  ssh"))
        #expect(result.standardOutput.contains("/nonexistent/key is missing or unreadable"))
        #expect(result.standardOutput.split(separator: "\n").count == 6)
    }
}
