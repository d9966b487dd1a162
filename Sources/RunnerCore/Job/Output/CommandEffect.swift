/// What one line of step output asks of the runner, as `WorkflowCommandProcessor` decides it; the job runner
/// applies the effects in order (an `.addMask` before the `.print` that follows it).
public enum CommandEffect: Sendable, Equatable {
    /// A line for the log, still to be masked.
    case print(String)
    /// A value to register with the `SecretMasker`.
    case addMask(String)
    case setOutput(name: String, value: String)
    case saveState(name: String, value: String)
    case setEnv(name: String, value: String)
    /// A directory to put in front of PATH for later steps.
    case addPath(String)
    case annotation(Annotation)
    /// Opens a collapsible group in the log, with its title.
    case group(String)
    case endGroup
    /// A line for the log shown only in debug mode (the processor emits it only then).
    case debug(String)
    /// A warning the runner adds about how the step used commands, such as a deprecated one.
    case warningAbout(String)
}
