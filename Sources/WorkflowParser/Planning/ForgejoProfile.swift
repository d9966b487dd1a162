/// How a Forgejo release treats workflows, as data: lint, planning and the runner consult these fields instead
/// of comparing version numbers. See the project's spec on Forgejo 11 and 15.
public struct ForgejoProfile: Sendable, Equatable, CustomStringConvertible {
    /// What the server does with a job that calls a reusable workflow and has no `runs-on`.
    public enum CallWithoutRunsOn: Sendable, Equatable {
        /// Forgejo 11: the job never matches a runner; the server schedules zero runs and says nothing.
        case schedulesNothing
        /// Forgejo 15: the server expands the call into the called workflow's jobs.
        case expandsOnServer
    }

    public var version: Int
    public var callWithoutRunsOn: CallWithoutRunsOn
    /// Whether `https://host/owner/repo/.forgejo/workflows/x.yml@ref` works as a reusable-workflow reference.
    public var acceptsFullURLWorkflowReferences: Bool
    /// Job-level keys the scheduler ignores (the runner may still act on them; lint says what it does instead).
    public var ignoredJobKeys: [String]

    public static let forgejo11 = ForgejoProfile(
        version: 11, callWithoutRunsOn: .schedulesNothing, acceptsFullURLWorkflowReferences: false,
        ignoredJobKeys: ["permissions", "timeout-minutes", "continue-on-error"])

    public static let forgejo15 = ForgejoProfile(
        version: 15, callWithoutRunsOn: .expandsOnServer, acceptsFullURLWorkflowReferences: true,
        ignoredJobKeys: ["permissions", "timeout-minutes", "continue-on-error"])

    /// The profile of this fleet when nothing else is said.
    public static let `default` = forgejo11

    public static let all = [forgejo11, forgejo15]

    /// The profile for a version given on the command line or in config (`11`, `15`, or `15.0.1`).
    public static func named(_ text: String) -> ForgejoProfile? {
        let major = text.split(separator: ".").first.flatMap { Int($0) }
        return all.first { $0.version == major }
    }

    public var description: String { "Forgejo \(version)" }
}
