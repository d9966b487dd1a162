import ArgumentParser

struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run workflows of a local repository, as the runner would.",
        discussion: Unfinished.helpNote
    )

    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []

    func run() throws { try Unfinished.refuse("exec") }
}
