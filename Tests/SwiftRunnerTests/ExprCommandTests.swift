import Foundation
import Testing

/// Runs the built `swift-runner expr` (`swift build` makes it) and checks what it prints and how it exits.
@Suite("swift-runner expr")
struct ExprCommandTests {
    private static let executable = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/swift-runner")

    private struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    private func run(_ arguments: [String]) throws -> Outcome {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.executable.path),
            "\(Self.executable.path) is missing; run `swift build` first")
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["expr"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    private func temporaryFile(_ contents: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "expr-context-\(UUID().uuidString).json")
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func printsTheValueAsJSON() throws {
        let contexts = try temporaryFile(
            #"{"deploy": {"targets": ["eu", "us"]}, "github": {"ref": "refs/heads/main"}}"#)
        defer { try? FileManager.default.removeItem(at: contexts) }
        let outcome = try run(["deploy.targets", "--context", contexts.path])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "[\n  \"eu\",\n  \"us\"\n]\n")
        #expect(outcome.standardError == "")
        #expect(try run(["endsWith(github.ref, 'MAIN')", "--context", contexts.path]).standardOutput == "true\n")
        #expect(try run(["matrix.os"]).standardOutput == "null\n")
    }

    @Test func reportsAnInvalidExpressionWithStatus1() throws {
        let outcome = try run(["1 2"])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput == "")
        #expect(
            outcome.standardError
                == "error: parsing: Unexpected symbol: '2'. Located at position 3 within expression: 1 2\n")
        #expect(
            try run(["format('{0')"]).standardError.hasPrefix(
                "error: evaluation: The following format string is invalid"))
    }

    @Test func reportsAnUnusableContextFileWithStatus2() throws {
        let notAnObject = try temporaryFile("[1, 2]")
        defer { try? FileManager.default.removeItem(at: notAnObject) }
        let outcome = try run(["1", "--context", notAnObject.path])
        #expect(outcome.status == 2)
        #expect(
            outcome.standardError
                == "error: --context \(notAnObject.path): expected a JSON object of contexts by name, found Array\n")

        let invalid = try temporaryFile("{\"a\": }")
        defer { try? FileManager.default.removeItem(at: invalid) }
        let invalidOutcome = try run(["1", "--context", invalid.path])
        #expect(invalidOutcome.status == 2)
        #expect(
            invalidOutcome.standardError.hasPrefix(
                "error: --context \(invalid.path): not valid JSON: unexpected character '}'"))

        let missing = try run(["1", "--context", "/nonexistent/contexts.json"])
        #expect(missing.status == 2)
        #expect(missing.standardError.hasPrefix("error: --context /nonexistent/contexts.json: cannot read it"))
    }
}
