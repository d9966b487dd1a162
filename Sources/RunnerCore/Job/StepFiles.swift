import Executors
import Foundation

/// The per-step files a job talks back through (`GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_PATH`,
/// `GITHUB_STEP_SUMMARY`, `GITHUB_STATE`), and the two execs around every script: one that writes the script and
/// empties the files, then becomes the step's shell; one that reads the files back.
///
/// Why execs rather than host files: the same steps run in a local sandbox, on a fence host over SSH and on the
/// host, and an exec is the one thing every Sandbox offers.
struct StepFiles: Sendable {
    enum Kind: String, CaseIterable, Sendable {
        case output, env, path, summary, state

        var variable: String {
            switch self {
            case .output: "GITHUB_OUTPUT"
            case .env: "GITHUB_ENV"
            case .path: "GITHUB_PATH"
            case .summary: "GITHUB_STEP_SUMMARY"
            case .state: "GITHUB_STATE"
            }
        }
    }

    let directory: String

    func path(_ kind: Kind) -> String { directory + "/" + kind.rawValue }

    /// `GITHUB_OUTPUT=…` and the others, for the step's environment (also as `FORGEJO_…`).
    var environment: [String: String] {
        var variables: [String: String] = [:]
        for kind in Kind.allCases {
            variables[kind.variable] = path(kind)
            variables["FORGEJO_" + kind.variable.dropFirst("GITHUB_".count)] = path(kind)
        }
        return variables
    }

    /// Writes `script` (standard input) to `scriptPath`, creates this step's empty files, prepends
    /// `SWIFT_RUNNER_PATH_PREFIX` (the job's `GITHUB_PATH` entries) to the image's PATH, changes to the working
    /// folder and replaces itself with `command`, whose standard input is /dev/null.
    ///
    /// The wrapper is a POSIX shell, and dash and busybox sh drop every variable whose name is no shell identifier
    /// when they exec. Actions read such names (`INPUT_WHO-TO-GREET` for input `who-to-greet`), so those
    /// variables reach `command` as `env NAME=VALUE` words instead.
    func request(script: String, scriptPath: String, command: [String], workingDirectory: String,
                 environment: [String: String], user: String? = nil) -> ExecRequest {
        let unnamable = environment.filter { !Self.isShellName($0.key) }
        let environment = environment.filter { Self.isShellName($0.key) }
        let command = unnamable.isEmpty ? command : ["env"] + unnamable.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + command
        let wrapper = """
            d=$1; s=$2; w=$3; shift 3
            mkdir -p "$d" && : > "$d/output" && : > "$d/env" && : > "$d/path" && : > "$d/summary" && : > "$d/state" \
              && cat > "$s" || { echo "swift-runner: cannot prepare the step in $d" >&2; exit 125; }
            if [ -n "$SWIFT_RUNNER_PATH_PREFIX" ]; then PATH="$SWIFT_RUNNER_PATH_PREFIX:$PATH"; export PATH; fi
            unset SWIFT_RUNNER_PATH_PREFIX
            cd "$w" 2>/dev/null || { echo "swift-runner: the working directory $w does not exist" >&2; exit 1; }
            exec "$@" </dev/null
            """
        return ExecRequest(arguments: ["/bin/sh", "-c", wrapper, "sh", directory, scriptPath, workingDirectory] + command,
                           environment: environment, workingDirectory: "/", user: user, standardInput: Array(script.utf8))
    }

    /// Whether a POSIX shell keeps a variable of this name: letters, digits and `_`, not starting with a digit.
    static func isShellName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// The same wrapper for a command with no script (a JavaScript action's `node main.js`).
    func request(command: [String], workingDirectory: String, environment: [String: String], user: String?) -> ExecRequest {
        request(script: "", scriptPath: directory + "/unused", command: command, workingDirectory: workingDirectory,
                environment: environment, user: user)
    }

    /// Reads the files back: each as its size on a line, then its bytes (`-1` for a file the step removed).
    func collect(from sandbox: any Sandbox, _ id: SandboxID) async throws -> [Kind: String] {
        let reader = "for f; do if [ -f \"$f\" ]; then n=$(wc -c < \"$f\"); echo $n; head -c \"$n\" \"$f\"; else echo -1; fi; done"
        var output: [UInt8] = []
        var errors: [UInt8] = []
        var status: ExitStatus?
        let request = ExecRequest(arguments: ["/bin/sh", "-c", reader, "sh"] + Kind.allCases.map(path), workingDirectory: "/")
        for try await event in sandbox.exec(id, request) {
            switch event {
            case .standardOutput(let bytes): output += bytes
            case .standardError(let bytes): errors += bytes
            case .exit(let exit): status = exit
            }
        }
        guard status == .exited(0) else {
            throw StepFilesError("cannot read the step's file commands in \(directory) (\(status.map(String.init(describing:)) ?? "no status")): "
                + String(decoding: errors, as: UTF8.self))
        }
        return try Self.parse(output)
    }

    /// Splits the reader's output into the files' texts.
    static func parse(_ bytes: [UInt8]) throws(StepFilesError) -> [Kind: String] {
        var files: [Kind: String] = [:]
        var index = 0
        for kind in Kind.allCases {
            guard let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")),
                  let size = Int(String(decoding: bytes[index..<newline], as: UTF8.self).trimmingCharacters(in: .whitespaces))
            else { throw StepFilesError("the step's file commands came back garbled at byte \(index)") }
            index = newline + 1
            guard size >= 0 else { continue }
            guard index + size <= bytes.count else { throw StepFilesError("the step's \(kind.variable) file came back cut short") }
            files[kind] = String(decoding: bytes[index..<index + size], as: UTF8.self)
            index += size
        }
        return files
    }
}

struct StepFilesError: Error, Sendable, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
