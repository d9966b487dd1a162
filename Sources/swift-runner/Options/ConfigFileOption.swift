import ArgumentParser
import Foundation
import RunnerCore

/// `--config FILE`: the runner's config.yaml. Without it every setting has its default, as with forgejo-runner.
struct ConfigFileOption: ParsableArguments {
    @Option(help: ArgumentHelp("The runner's config.yaml (runner.file, runner.labels, ...); without it, the defaults.",
                               valueName: "FILE"))
    var config: String?

    /// The config, or the defaults; a file that cannot be used is a usage error (exit 2).
    func load() throws -> RunnerConfig {
        guard let config else { return RunnerConfig() }
        do {
            return try RunnerConfig.load(from: URL(fileURLWithPath: config))
        } catch {
            throw ValidationError("--config: \(error)")
        }
    }
}
