import ArgumentParser

struct Fence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fence",
        abstract: "Serve or check a fence host, where sandboxes run.",
        discussion: """
            A fence host runs job sandboxes for a runner that never runs job code itself. The runner reaches it \
            over OpenSSH; the runner's key in the fence host's authorized_keys forces the command \
            `swift-runner fence serve --stdio`. examples/fence/README.md shows the set-up.
            """,
        subcommands: [FenceServe.self, FenceCheckCommand.self]
    )
}
