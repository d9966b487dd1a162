import Foundation

/// Decides what each output line of one step means: ordinary output, or a workflow command and its effects. One
/// processor per step, fed the step's lines in order and before masking (an `add-mask` value must be seen as
/// printed); the state it keeps is the step's: `stop-commands` and `echo`.
///
/// Behaviour follows actions/runner, except that problems are reported as effects rather than failing the step:
/// a refused or malformed command becomes an error annotation, and commands this runner does not implement
/// (`add-matcher`, `remove-matcher`, names it does not know) are printed as they are.
public struct WorkflowCommandProcessor: Sendable {
    /// ACTIONS_STEP_DEBUG: `::debug::` lines are shown, and processed commands are echoed until `::echo::off`.
    public let debugEnabled: Bool
    /// ACTIONS_ALLOW_UNSECURE_COMMANDS=true: `set-env` and `add-path` work.
    public let allowUnsecureCommands: Bool
    /// Whether processed commands are also printed.
    private var echo: Bool
    /// While set, commands are output until a line `::token::`.
    private var stopToken: String?

    public init(debugEnabled: Bool, allowUnsecureCommands: Bool) {
        self.debugEnabled = debugEnabled
        self.allowUnsecureCommands = allowUnsecureCommands
        self.echo = debugEnabled
    }

    /// The effects of one output line (without its line terminator), in the order to apply them.
    public mutating func process(_ line: String) -> [CommandEffect] {
        guard let command = WorkflowCommand.parse(line) else { return [.print(line)] }
        if let token = stopToken {
            if command.name == token { stopToken = nil }
            return [.print(line)]
        }
        if command.name == "stop-commands" { return stop(command, line) }
        // Echo as things stood before the command: `::echo::off` is echoed, `::echo::on` is not.
        let echoed = echo && Self.echoed.contains(command.name)
        guard let effects = effects(of: command) else { return [.print(line)] }
        return echoed ? [.print(line)] + effects : effects
    }

    /// Commands that are printed too while echo is on. `add-mask` prints a masked form of itself instead; debug and
    /// annotation commands never echo, since their effect already shows the message.
    private static let echoed: Set<String> = ["set-output", "save-state", "set-env", "add-path", "group", "endgroup",
                                              "echo"]

    /// Commands a stop token must not be: stopping with one would let the resume line run that command.
    private static let commandNames = echoed.union(["add-mask", "debug", "notice", "warning", "error",
                                                    "stop-commands", "add-matcher", "remove-matcher"])

    private mutating func stop(_ command: WorkflowCommand, _ line: String) -> [CommandEffect] {
        let token = command.message.lowercased()
        guard !token.isEmpty, !Self.commandNames.contains(token), token != "pause-logging" else {
            return [.print(line), Self.error(
                "stop-commands needs a token that is not empty and not a command name (got '\(command.message)'): "
                + "print `::stop-commands::` followed by a fresh random value, then that value as `::VALUE::` "
                + "to resume")]
        }
        stopToken = token
        return [.print(line)]
    }

    /// The effects of a command this runner implements, nil for any other.
    private mutating func effects(of command: WorkflowCommand) -> [CommandEffect]? {
        switch command.name {
        case "add-mask":
            guard !command.message.isEmpty else { return [] }
            return (echo ? [.print("::add-mask::***")] : []) + [.addMask(command.message)]
        case "set-output", "save-state":
            return [.warningAbout(
                "`\(command.name)` is deprecated: append `NAME=VALUE` lines to the file named by "
                + (command.name == "set-output" ? "$GITHUB_OUTPUT" : "$GITHUB_STATE") + " instead")]
                + named(command) { name in
                    command.name == "set-output" ? .setOutput(name: name, value: command.message)
                        : .saveState(name: name, value: command.message)
                }
        case "set-env":
            guard allowUnsecureCommands else { return [Self.refusal(of: "set-env", instead: "$GITHUB_ENV")] }
            return named(command) { .setEnv(name: $0, value: command.message) }
        case "add-path":
            guard allowUnsecureCommands else { return [Self.refusal(of: "add-path", instead: "$GITHUB_PATH")] }
            guard !command.message.isEmpty else {
                return [Self.error("add-path needs a directory: write `::add-path::/path/to/dir`")]
            }
            return [.addPath(command.message)]
        case "debug":
            return debugEnabled ? [.debug(command.message)] : []
        case "notice", "warning", "error":
            let level = Annotation.Level(rawValue: command.name)
            return level.map { [.annotation(Annotation(level: $0, command: command))] }
        case "group":
            return [.group(command.message)]
        case "endgroup":
            return [.endGroup]
        case "echo":
            switch command.message.trimmingCharacters(in: .whitespaces).lowercased() {
            case "on": echo = true
            case "off": echo = false
            default: return [Self.error("echo takes `on` or `off`, not '\(command.message)'")]
            }
            return []
        default:
            return nil
        }
    }

    /// `make(name)` for a command with a non-empty `name` property, else an error saying how to write it.
    private func named(_ command: WorkflowCommand, _ make: (String) -> CommandEffect) -> [CommandEffect] {
        guard let name = command.properties["name"], !name.isEmpty else {
            return [Self.error("\(command.name) needs a name: write `::\(command.name) name=NAME::value`")]
        }
        return [make(name)]
    }

    private static func refusal(of command: String, instead file: String) -> CommandEffect {
        error("`\(command)` is disabled: any program whose output a step prints could use it to change later steps. "
              + "Write to the file named by \(file) instead, or set ACTIONS_ALLOW_UNSECURE_COMMANDS=true in the "
              + "step's or job's env to enable it")
    }

    private static func error(_ message: String) -> CommandEffect {
        .annotation(Annotation(level: .error, message: message))
    }
}
