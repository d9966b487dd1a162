import Foundation
import Testing
@testable import WorkflowParser

struct EventsRuleTests {
    let rule = EventsRule()

    /// A workflow with `on` as given and one job.
    func workflow(on events: String) -> String {
        "on:\n" + events + "\njobs:\n  build:\n    runs-on: docker\n    steps:\n      - run: make\n"
    }

    @Test func validTriggersGiveNoDiagnostic() {
        let yaml = workflow(on: """
              push:
                branches: [main, 'releases/**']
                tags: ['v*']
                paths-ignore: [docs/**]
              pull_request:
                types: [opened, synchronize]
                branches-ignore: [wip/**]
              pull_request_comment:
                types: [created]
              repository_dispatch:
                types: [anything-the-sender-makes-up]
              workflow_run:
                workflows: [CI]
                types: [completed]
              schedule:
                - cron: '*/5 * * * *'
                - cron: '30 9 * JAN-MAR MON-FRI'
                  timezone: Europe/Berlin
              workflow_dispatch:
                inputs:
                  level:
                    type: choice
                    options: [info, debug]
                    default: debug
                  dry-run:
                    type: boolean
                    default: true
                  count:
                    type: number
                    default: '3.5'
            """)
        #expect(rule.diagnostics(in: yaml).isEmpty)
    }

    @Test func unknownEventsAreReportedAtTheirName() {
        let diagnostics = rule.diagnostics(in: workflow(on: "  pullreq:\n  SCHEDULE:"))
        #expect(diagnostics.positions == ["2:3", "3:3"])
        #expect(diagnostics[1].message.contains("write schedule"))
        let sequence = "on: [push, pullreq]\njobs: {a: {runs-on: x, steps: [run: y]}}"
        #expect(rule.diagnostics(in: sequence).positions == ["1:12"])
    }

    @Test func filtersOfOtherEventsAreReportedOnceUnderEvents() {
        let yaml = workflow(on: "  pull_request:\n    tags: v*\n  release:\n    branches: [main]\n    paths: [src/**]")
        #expect(rule.diagnostics(in: yaml).positions == ["3:5", "5:5", "6:5"])
        // The model accepts every webhook filter key, so the syntax check does not report them too.
        #expect(!Linter(rules: []).lint(yaml, file: "test.yml").contains { $0.rule == .syntaxCheck })
        let misspelt = Linter(rules: []).lint(workflow(on: "  push:\n    branch: main"), file: "test.yml")
        #expect(misspelt.map(\.rule) == [.syntaxCheck] && misspelt.positions == ["3:5"])
    }

    @Test func aFilterAndItsIgnoreFormAreReportedAtTheLaterOne() {
        let yaml = workflow(on: """
              push:
                branches-ignore: [a]
                paths: [x]
                branches: [b]
                paths-ignore: [y]
            """)
        #expect(rule.diagnostics(in: yaml).positions == ["5:5", "6:5"])
    }

    @Test func activityTypesMustBeThoseOfTheEvent() {
        let yaml = workflow(on: "  issues:\n    types: [opened, created]\n  push:\n    types: [opened]")
        #expect(rule.diagnostics(in: yaml).positions == ["3:21", "5:13"])
    }

    @Test func workflowRunNeedsWorkflows() {
        #expect(rule.diagnostics(in: workflow(on: "  workflow_run:\n    types: [completed]")).positions == ["2:3"])
    }

    @Test func cronMustParseAndRunAtMostEveryFiveMinutes() {
        let yaml = workflow(on: """
              schedule:
                - cron: '0 */3 * *'
                - cron: '60 * * * *'
                - cron: '* */3 * * *'
                - cron: '0,59 0,23 * * *'
                - cron: '0 0 30 2 *'
            """)
        let diagnostics = rule.diagnostics(in: yaml)
        #expect(diagnostics.positions == ["3:13", "4:13", "5:13", "6:13", "7:13"])
        #expect(diagnostics[0].message.contains("4 fields"))
        #expect(diagnostics[3].message.contains("1 minute apart"))
        #expect(diagnostics[4].message.contains("never runs"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/zoneinfo"), "no time zone database here"))
    func timeZonesMustBeKnown() {
        let yaml = workflow(on: "  schedule:\n    - cron: '0 0 * * *'\n      timezone: Asia/Somewhere")
        #expect(rule.diagnostics(in: yaml).positions == ["4:17"])
        #expect(EventsRule.isTimeZone("America/New_York") && EventsRule.isTimeZone("UTC"))
        #expect(!EventsRule.isTimeZone("../zoneinfo/UTC") && !EventsRule.isTimeZone("zone.tab"))
    }

    @Test func dispatchInputsAgreeWithTheirType() {
        let yaml = workflow(on: """
              workflow_dispatch:
                inputs:
                  no-options:
                    type: choice
                  repeated:
                    type: choice
                    options: [a, a]
                    default: b
                  flag:
                    type: boolean
                    default: yes
                  count:
                    type: number
                    default: ten
                  text:
                    options: [a]
            """)
        #expect(rule.diagnostics(in: yaml).positions == ["4:7", "8:22", "9:18", "12:18", "15:18", "16:7"])
    }

    @Test func dispatchTakesAtMostTwentyFiveInputs() {
        let inputs = (1...26).map { "      input\($0): {}" }.joined(separator: "\n")
        #expect(rule.diagnostics(in: workflow(on: "  workflow_dispatch:\n    inputs:\n" + inputs)).positions == ["2:3"])
    }
}

struct CronExpressionTests {
    @Test(arguments: [
        ("*/5 * * * *", 5), ("0 * * * *", 60), ("0 0 * * *", 1440), ("0 0 * * MON", 7 * 1440),
        ("0 0 13 * FRI", 1440),  // either day field matches: Friday the 12th, then the 13th
        ("0 12 29 2 *", 4 * 365 * 1440 + 1440),
        ("5/20 1-3 * * *", 20),  // 1:05, 1:25, 1:45, 2:05 ...
    ])
    func shortestInterval(cron: String, minutes: Int) throws {
        #expect(try CronExpression(cron).shortestInterval == minutes)
    }

    @Test(arguments: ["* * * *", "0 24 * * *", "0 0 0 * *", "*/0 * * * *", "5-1 * * * *", "0 0 * FOO *", "1,,2 * * * *",
                      "0 0 * * 7"])
    func invalidExpressionsDoNotParse(cron: String) {
        #expect(throws: CronExpression.ParseError.self) { try CronExpression(cron) }
    }
}
