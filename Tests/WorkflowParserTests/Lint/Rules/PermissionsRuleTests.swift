import Testing
@testable import WorkflowParser

struct PermissionsRuleTests {
    let rule = PermissionsRule()

    func workflow(permissions: String, jobPermissions: String = "{}") -> String {
        "on: push\npermissions: \(permissions)\njobs:\n  build:\n    runs-on: docker\n"
            + "    permissions: \(jobPermissions)\n    steps:\n      - run: make\n"
    }

    @Test func validPermissionsGiveNoDiagnostic() {
        #expect(rule.diagnostics(in: workflow(permissions: "read-all", jobPermissions: "write-all")).isEmpty)
        let everyScope = PermissionsRule.scopes.map { "\($0.key): \($0.value[0])" }.joined(separator: ", ")
        #expect(rule.diagnostics(in: workflow(permissions: "{\(everyScope)}")).isEmpty)
    }

    @Test func theStringFormIsReadAllOrWriteAll() {
        let yaml = workflow(permissions: "read", jobPermissions: "none")
        #expect(rule.diagnostics(in: yaml).positions == ["2:14", "6:18"])
    }

    @Test func scopesMustBeKnownAndCaseSensitive() {
        let diagnostics = rule.diagnostics(in: workflow(permissions: "{unknown: read, Contents: read, contents: read}"))
        #expect(diagnostics.positions == ["2:15", "2:30"])
    }

    @Test func eachScopeTakesItsOwnLevels() {
        let yaml = workflow(permissions: "{contents: admin, id-token: read, models: write}",
                            jobPermissions: "{pages: READ}")
        #expect(rule.diagnostics(in: yaml).positions == ["2:25", "2:42", "2:56", "6:26"])
    }
}
