import Foundation

/// The command line a `run:` step's script is run with, as GitHub picks it on Linux:
/// - no `shell`: `bash -e {0}` when the image has bash, else `sh -e {0}`;
/// - `bash`: `bash --noprofile --norc -eo pipefail {0}`; `sh`: `sh -e {0}`; `python`: `python {0}`, or
///   `python3 {0}` where the image has no `python` (Debian and Ubuntu ship only python3 unless
///   python-is-python3 is installed; GitHub's runner would fail there);
///   `pwsh`: `pwsh -command ". '{0}'"`;
/// - anything else is a custom command that must contain `{0}`, the script's path.
struct StepShell: Sendable, Equatable {
    /// The program and its arguments with `{0}` still in place.
    let template: [String]
    /// The script file's extension (pwsh insists on `.ps1`; python is happier with `.py`).
    let fileExtension: String

    /// GitHub's default on Linux when the image has bash; `shDefault` when it has not.
    static let bashDefault = StepShell(template: ["bash", "-e", "{0}"], fileExtension: ".sh")
    static let shDefault = StepShell(template: ["sh", "-e", "{0}"], fileExtension: ".sh")

    /// `python`, else `python3`: decided inside the sandbox, as it depends on the image.
    static let python = StepShell(
        template: ["/bin/sh", "-c", "if command -v python >/dev/null 2>&1; then exec python \"$0\"; else exec python3 \"$0\"; fi", "{0}"],
        fileExtension: ".py")

    /// The shell named in a step or in `defaults.run.shell`; nil or empty is `defaultShell`.
    static func named(_ name: String?, default defaultShell: StepShell) throws(StepShellError) -> StepShell {
        guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return defaultShell }
        switch name {
        case "bash": return StepShell(template: ["bash", "--noprofile", "--norc", "-eo", "pipefail", "{0}"], fileExtension: ".sh")
        case "sh": return StepShell(template: ["sh", "-e", "{0}"], fileExtension: ".sh")
        case "python": return .python
        case "pwsh": return StepShell(template: ["pwsh", "-command", ". '{0}'"], fileExtension: ".ps1")
        case "powershell", "cmd":
            throw StepShellError("shell `\(name)` exists only on Windows runners; use bash, sh, python or pwsh")
        default:
            guard let words = ShellWords.split(name) else {
                throw StepShellError("custom shell `\(name)` has an unclosed quote")
            }
            guard words.contains(where: { $0.contains("{0}") }) else {
                throw StepShellError("custom shell `\(name)` must contain {0} where the script's path goes, e.g. `perl {0}`")
            }
            return StepShell(template: words, fileExtension: "")
        }
    }

    /// The command line for the script at `path`.
    func arguments(script path: String) -> [String] {
        template.map { $0.replacingOccurrences(of: "{0}", with: path) }
    }
}

struct StepShellError: Error, Sendable, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
