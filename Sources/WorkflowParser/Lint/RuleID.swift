/// The name of a lint rule, as printed in brackets after each diagnostic and accepted by `--ignore`.
/// The names of rules actionlint also has are the same, so results compare rule by rule.
public enum RuleID: String, Sendable, CaseIterable, Comparable {
    case syntaxCheck = "syntax-check"
    case expression
    case jobNeeds = "job-needs"
    case matrix
    case runnerLabel = "runner-label"
    case events
    case glob
    case id
    case shellName = "shell-name"
    case envVar = "env-var"
    case permissions
    case workflowCall = "workflow-call"
    case action
    case deprecatedCommands = "deprecated-commands"
    case ifCond = "if-cond"
    case credentials
    case expressionInjection = "expression-injection"
    case forgejoReusableRunsOn = "forgejo-reusable-runs-on"
    case forgejoReusableRef = "forgejo-reusable-ref"
    case forgejoIgnored = "forgejo-ignored"
    case sandbox

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }
}
