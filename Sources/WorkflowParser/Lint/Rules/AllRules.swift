extension Linter {
    /// Every rule, in the order `lint --list-rules` prints them.
    public static let allRules: [any LintRule] = [
        IDRule(),
        JobNeedsRule(),
        ExpressionRule(),
        ExpressionInjectionRule(),
        EventsRule(),
        GlobRule(),
        PermissionsRule(),
        MatrixRule(),
        RunnerLabelRule(),
        ShellNameRule(),
        EnvVarRule(),
        WorkflowCallRule(),
        ActionRule(),
        DeprecatedCommandsRule(),
        IfConditionRule(),
        CredentialsRule(),
        ForgejoReusableRunsOnRule(),
        ForgejoReusableRefRule(),
        ForgejoIgnoredRule(),
        SandboxRule(),
    ]
}
