import Foundation

/// Runs the built `swift-runner` binary, as a user would, and captures what it prints.
struct BinaryRunner {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static let binary: URL = {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [".build/debug/swift-runner", ".build/x86_64-unknown-linux-gnu/debug/swift-runner"]
        return candidates.map { repository.appendingPathComponent($0) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? repository.appendingPathComponent(candidates[0])
    }()

    /// Runs the binary, or `executable` (a wrapper such as `script`) when given.
    static func run(_ arguments: [String], standardInput: String? = nil, in directory: URL? = nil,
                    executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let error = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = input
        try process.run()
        if let standardInput { input.fileHandleForWriting.write(Data(standardInput.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting, so a large output cannot fill a pipe and stall the child.
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
                      standardError: String(decoding: errData, as: UTF8.self))
    }
}
