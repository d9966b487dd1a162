import ArgumentParser

struct Fence: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fence",
        abstract: "Serve or check a fence host, where sandboxes run.",
        discussion: Unfinished.helpNote
    )

    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []

    func run() throws { try Unfinished.refuse("fence") }
}
