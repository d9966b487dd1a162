import Foundation
import TestSupport
import Testing
@testable import RunnerCore

/// HTTPS to the fake Forgejo through socat with a self-signed certificate: refused unless `runner.insecure` is set.
@Suite(.enabled(if: ["/usr/bin/openssl", "/usr/bin/socat"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) },
                "needs openssl and socat (make test installs them)"))
struct ConnectClientTLSTests {
    @Test func insecureSkipsTheCertificateCheckOnly() async throws {
        let scratch = try TemporaryDirectory()
        try Self.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                          "-nodes", "-keyout", "\(scratch.path)/key.pem", "-out", "\(scratch.path)/cert.pem",
                                          "-days", "1", "-subj", "/CN=127.0.0.1"]).waitUntilExit()
        let pem = try String(contentsOfFile: "\(scratch.path)/cert.pem", encoding: .utf8)
            + String(contentsOfFile: "\(scratch.path)/key.pem", encoding: .utf8)
        try pem.write(toFile: "\(scratch.path)/both.pem", atomically: true, encoding: .utf8)
        let forgejo = try FakeForgejo()
        let port = try LoopbackHTTPServer.unusedPort()
        let proxy = try Self.run("/usr/bin/socat", [
            "OPENSSL-LISTEN:\(port),bind=127.0.0.1,reuseaddr,fork,cert=\(scratch.path)/both.pem,verify=0",
            "TCP:127.0.0.1:\(forgejo.port)",
        ])
        // SIGKILL, not terminate(): socat inherits the test thread's blocked signals, SIGTERM among them.
        defer {
            proxy.stop()
        }
        let instance = try ForgejoInstance("https://127.0.0.1:\(port)")
        let insecure = ConnectClient(instance: instance, timeout: .seconds(5), insecure: true)
        var answer: Ping_V1_PingResponse?
        for _ in 0..<50 where answer == nil {  // until socat listens
            answer = try? await insecure.ping(.with { $0.data = "tls" })
            if answer == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(answer?.data == "Hello, tls!")
        do {
            _ = try await ConnectClient(instance: instance, timeout: .seconds(5)).ping(.init())
            Issue.record("a self-signed certificate was accepted")
        } catch {
            #expect(error.code == .transport && error.message.contains("certificate"))
        }
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
