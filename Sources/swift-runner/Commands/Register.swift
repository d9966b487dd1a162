import ArgumentParser

struct Register: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register this runner with a Forgejo instance.",
        discussion: Unfinished.helpNote
    )

    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []

    func run() throws { try Unfinished.refuse("register") }
}
