import ArgumentParser

struct OneJob: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "one-job",
        abstract: "Fetch and run a single job, then exit.",
        discussion: Unfinished.helpNote
    )

    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []

    func run() throws { try Unfinished.refuse("one-job") }
}
