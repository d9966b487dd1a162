import ArgumentParser

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check workflows without running them.",
        discussion: Unfinished.helpNote
    )

    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []

    func run() throws { try Unfinished.refuse("lint") }
}
