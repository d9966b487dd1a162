import Testing

/// The command-line surface: help, version, usage errors.
@Suite struct CommandLineTests {
    @Test func versionNamesTheLibraries() throws {
        let result = try BinaryRunner.run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("swift-runner "))
        #expect(result.standardOutput.contains("libyaml"))
    }

    @Test func helpListsEverySubcommand() throws {
        let result = try BinaryRunner.run(["--help"])
        #expect(result.status == 0)
        for command in ["register", "create-runner-file", "daemon", "one-job", "exec", "lint", "expr", "fence",
                        "generate-config"] {
            #expect(result.standardOutput.contains("  \(command) "), "\(command) missing from help")
        }
    }

    @Test func unknownSubcommandIsAUsageError() throws {
        let result = try BinaryRunner.run(["frobnicate"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("frobnicate"))
    }
}
