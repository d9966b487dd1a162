import ArgumentParser

/// The subcommands a later version fills in. Each says so in its help, and running it prints the truth and exits
/// with status 2 instead of pretending. When one is built it moves to a file of its own.
protocol UnfinishedCommand: ParsableCommand {
    var ignored: IgnoredArguments { get }
}

extension UnfinishedCommand {
    static func unfinished(_ name: String, abstract: String) -> CommandConfiguration {
        CommandConfiguration(
            commandName: name, abstract: abstract,
            discussion: "Not available yet in this version: running it prints an error and exits with status 2.")
    }

    func run() throws {
        var standardError = StandardError()
        let name = Self.configuration.commandName ?? "command"
        print("error: `swift-runner \(name)` is not available yet in this version; README.md lists what works.",
              to: &standardError)
        throw ExitCode(2)
    }
}

/// Whatever follows an unfinished command, so `swift-runner exec --job build` gets the honest answer, not a
/// complaint about its arguments.
struct IgnoredArguments: ParsableArguments {
    @Argument(parsing: .allUnrecognized, help: .hidden) var values: [String] = []
}
