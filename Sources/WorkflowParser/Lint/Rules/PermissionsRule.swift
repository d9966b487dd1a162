/// `permissions:` of the workflow and of each job: `read-all`, `write-all`, or known scopes with levels they allow.
struct PermissionsRule: LintRule {
    static let id = RuleID.permissions
    static let summary = "permissions: names known scopes with levels they allow"

    private static let readWriteNone = ["read", "write", "none"]

    /// Every scope of the GITHUB_TOKEN with its levels.
    static let scopes: [String: [String]] = [
        "actions": readWriteNone,
        "artifact-metadata": readWriteNone,
        "attestations": readWriteNone,
        "checks": readWriteNone,
        "contents": readWriteNone,
        "deployments": readWriteNone,
        "discussions": readWriteNone,
        // An OIDC token can be requested or not; there is nothing to read.
        "id-token": ["write", "none"],
        "issues": readWriteNone,
        // GitHub Models can be called, never changed.
        "models": ["read", "none"],
        "packages": readWriteNone,
        "pages": readWriteNone,
        "pull-requests": readWriteNone,
        "repository-projects": readWriteNone,
        "security-events": readWriteNone,
        "statuses": readWriteNone,
    ]

    func check(_ workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        workflow.permissions.map { check($0, into: &sink) }
    }

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        job.permissions.map { check($0, into: &sink) }
    }

    private func check(_ permissions: Permissions, into sink: inout DiagnosticSink) {
        switch permissions {
        case .all(let level):
            if level.value != "read-all" && level.value != "write-all" {
                sink.error("permissions \"\(level.value)\" is not read-all or write-all; for no permissions write "
                           + "permissions: {}, or give a level per scope", at: level.location)
            }
        case .scopes(let entries):
            for entry in entries {
                // Scope names and levels are case sensitive.
                guard let levels = Self.scopes[entry.key.value] else {
                    sink.error("unknown permission scope \"\(entry.key.value)\"; the scopes are "
                               + Self.scopes.keys.sorted().joined(separator: ", "), at: entry.key.location)
                    continue
                }
                if !levels.contains(entry.value.value) {
                    sink.error("\"\(entry.value.value)\" is not a level of permission scope \"\(entry.key.value)\"; "
                               + "it takes " + levels.joined(separator: ", "), at: entry.value.location)
                }
            }
        }
    }
}
