import ArgumentParser

/// What a subcommand that a later release fills in says when it is run: the truth, and exit code 2.
enum Unfinished {
    static let helpNote = "Not available yet in this version: running it prints an error and exits with status 2."

    static func refuse(_ command: String) throws -> Never {
        var standardError = StandardError()
        print("error: `swift-runner \(command)` is not available yet in this version; README.md lists what works.",
              to: &standardError)
        throw ExitCode(2)
    }
}
