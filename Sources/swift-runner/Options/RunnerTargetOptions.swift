import ArgumentParser
import Foundation
import RunnerCore
import WorkflowParser

/// Which Forgejo release and which runner labels to judge workflows against.
struct RunnerTargetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The Forgejo release the workflows run on: 11 or 15 (default: the config's, else 11).",
                               valueName: "VERSION"))
    var forgejoVersion: String?

    @Option(help: ArgumentHelp("The runner's labels, comma-separated (a,b or docker:docker://node:22).",
                               valueName: "LABELS"))
    var labels: String?

    @Option(help: ArgumentHelp("The runner's config.yaml, for its labels and forgejo_version.", valueName: "FILE"))
    var config: String?

    func validate() throws {
        if let forgejoVersion, ForgejoProfile.named(forgejoVersion) == nil {
            throw ValidationError("--forgejo-version \(forgejoVersion) is not supported; use 11 or 15.")
        }
        if labels != nil, config != nil {
            throw ValidationError("--labels and --config both give labels; use one of them.")
        }
    }

    /// The profile and labels the options and the config file name; config problems are usage errors (exit 2).
    func resolve() throws -> (profile: ForgejoProfile, labels: [String]?) {
        var fileConfig: RunnerConfig?
        if let config {
            do {
                fileConfig = try RunnerConfig.load(from: URL(fileURLWithPath: config))
            } catch {
                throw ValidationError("--config: \(error)")
            }
        }
        let version = forgejoVersion ?? fileConfig?.forgejoVersion
        guard let profile = version.map({ ForgejoProfile.named($0) }) ?? ForgejoProfile.default else {
            throw ValidationError("forgejo_version \(version ?? "") in \(config ?? "") is not supported; use 11 or 15.")
        }
        let labelList = labels.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        return (profile, labelList ?? fileConfig.flatMap { $0.labels.isEmpty ? nil : $0.labels })
    }
}
