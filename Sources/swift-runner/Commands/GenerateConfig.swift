import ArgumentParser
import RunnerCore

struct GenerateConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-config",
        abstract: "Print a config.yaml with every key, its default and what it does.",
        discussion: "Save it with `swift-runner generate-config > config.yaml`, edit it, and pass it with --config.")

    func run() {
        print(ConfigTemplate.text, terminator: "")
    }
}
