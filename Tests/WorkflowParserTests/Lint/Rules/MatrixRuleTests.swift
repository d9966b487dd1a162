import Foundation
import Testing
@testable import WorkflowParser

struct MatrixRuleTests {
    let rule = MatrixRule()

    func workflow(matrix: String) -> String {
        "on: push\njobs:\n  test:\n    runs-on: docker\n    strategy:\n      matrix:\n" + matrix
            + "\n    steps:\n      - run: make\n"
    }

    @Test func validMatrixGivesNoDiagnostic() {
        let yaml = workflow(matrix: """
                    os: [{name: linux, arch: x64}, {name: windows, arch: x64}]
                    node: [18, 20]
                    include:
                      - node: 22
                        experimental: true
                    exclude:
                      - os: {name: windows}
                        NODE: '18'
                      - node: 22
                        experimental: true
                      - node: ${{ fromJSON(vars.SKIPPED) }}
            """)
        #expect(rule.diagnostics(in: yaml).isEmpty)
    }

    @Test func repeatedValuesAreReportedAtTheRepeat() {
        let yaml = workflow(matrix: """
                    node: [14, '14', 16]
                    os: [[a, b], [a, b], {x: 1, y: 2}, {y: 2, x: 1}]
            """)
        let diagnostics = rule.diagnostics(in: yaml)
        #expect(diagnostics.positions == ["7:20", "8:22", "8:44"])
        #expect(diagnostics[0].message.contains("line 7, column 16"))
    }

    @Test func excludeRowsMustNameMatrixKeysAndValues() {
        let yaml = workflow(matrix: """
                    os: [{runner: ubuntu}]
                    exclude:
                      - platform: linux
                      - os: ubuntu
                      - os: {runner: windows}
                      - os: {runner: ubuntu, arch: arm}
            """)
        let diagnostics = rule.diagnostics(in: yaml)
        #expect(diagnostics.positions == ["9:13", "10:17", "11:17", "12:17"])
        #expect(diagnostics[1].message.contains("{\"runner\": \"ubuntu\"}"))
    }

    @Test func valuesAnExpressionGivesAreNotChecked() {
        let yaml = workflow(matrix: """
                    os: ${{ fromJSON(vars.SYSTEMS) }}
                    node: [18]
                    include: ${{ fromJSON(vars.EXTRA) }}
                    exclude:
                      - os: anything
                        node: 99
            """)
        #expect(rule.diagnostics(in: yaml).isEmpty)
        let withoutInclude = yaml.replacingOccurrences(of: "include: ${{ fromJSON(vars.EXTRA) }}", with: "fail: [x]")
        #expect(rule.diagnostics(in: withoutInclude).positions == ["12:19"])
    }

    @Test func excludeWithoutAnyMatrixIsReported() {
        #expect(rule.diagnostics(in: workflow(matrix: "        exclude:\n          - os: linux")).positions == ["8:11"])
    }
}
