import Executors
import Foundation

/// The per-step files a job talks back through (`GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_PATH`,
/// `GITHUB_STEP_SUMMARY`, `GITHUB_STATE`), and the two execs around every script: one that writes the script and
/// empties the files, then becomes the step's shell; one that reads the files back.
///
/// Why execs rather than host files: the same steps run in a local sandbox, on a fence host over SSH and on the
/// host, and an exec is the one thing every Sandbox offers. Both execs start as few processes as they can (one
/// `cat` for the script; shell built-ins only when the step wrote no file), because a job pays them per step.
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

    /// The job's folder of step files (made when the job is set up).
    let directory: String
    /// This step's number: its files are `<serial>-output` and so on.
    let serial: Int

    func path(_ kind: Kind) -> String { "\(directory)/\(serial)-\(kind.rawValue)" }

    /// The script's path, with the extension its shell wants.
    func scriptPath(extension fileExtension: String) -> String { "\(directory)/\(serial)-script\(fileExtension)" }

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
            s=$6; w=$7
            { : > "$1" && : > "$2" && : > "$3" && : > "$4" && : > "$5" && cat > "$s"; } \\
              || { echo "swift-runner: cannot prepare the step's files in ${1%/*}" >&2; exit 125; }
            shift 7
            if [ -n "$SWIFT_RUNNER_PATH_PREFIX" ]; then PATH="$SWIFT_RUNNER_PATH_PREFIX:$PATH"; export PATH; fi
            unset SWIFT_RUNNER_PATH_PREFIX
            cd "$w" 2>/dev/null || { echo "swift-runner: the working directory $w does not exist" >&2; exit 1; }
            exec "$@" </dev/null
            """
        return ExecRequest(arguments: ["/bin/sh", "-c", wrapper, "sh"] + Kind.allCases.map(path) + [scriptPath, workingDirectory] + command,
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
        request(script: "", scriptPath: "\(directory)/\(serial)-unused", command: command, workingDirectory: workingDirectory,
                environment: environment, user: user)
    }

    /// Reads the files back: each as its size on a line (`-1` for a file the step removed, `0` for an empty one),
    /// then the bytes of the non-empty ones, in order.
    func collect(from sandbox: any Sandbox, _ id: SandboxID) async throws -> [Kind: String] {
        let reader = """
            for f; do if [ -s "$f" ]; then wc -c < "$f"; elif [ -e "$f" ]; then echo 0; else echo -1; fi; done
            for f; do if [ -s "$f" ]; then cat "$f"; fi; done
            """
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

    /// Splits the reader's output into the files' texts: the sizes first, then the contents.
    static func parse(_ bytes: [UInt8]) throws(StepFilesError) -> [Kind: String] {
        var sizes: [(Kind, Int)] = []
        var index = 0
        for kind in Kind.allCases {
            guard let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")),
                  let size = Int(String(decoding: bytes[index..<newline], as: UTF8.self).trimmingCharacters(in: .whitespaces))
            else { throw StepFilesError("the step's file commands came back garbled at byte \(index)") }
            sizes.append((kind, size))
            index = newline + 1
        }
        var files: [Kind: String] = [:]
        for (kind, size) in sizes where size >= 0 {
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
