import ArgumentParser

struct GenerateConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-config",
        abstract: "Print an example config.yaml.",
        discussion: Unfinished.helpNote
    )

    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []

    func run() throws { try Unfinished.refuse("generate-config") }
}
