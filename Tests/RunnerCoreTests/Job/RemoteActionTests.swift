import Executors
import Foundation
import Testing
import TestSupport
@testable import RunnerCore

/// Repository actions (`owner/repo[/path]@ref`) through the engine: downloaded from a Forgejo stand-in on
/// 127.0.0.1 once per job however often used, sub-folder actions of one repository, pre steps, missing actions.
@Suite struct RemoteActionTests {
    @Test func repositoryActionsAreFetchedOncePerJobAndRun() async throws {
        let scratch = try TemporaryDirectory()
        let server = try ArchiveServer(scratch: scratch)
        try server.serve("tools", "kit", "v1", [
            TarFixture.file("action.yml", """
                name: kit
                inputs:
                  word:
                    default: default-word
                runs:
                  using: node20
                  pre: pre.js
                  main: main.js
                """),
            TarFixture.file("pre.js", "console.log('pre of kit');\n"),
            TarFixture.file("main.js", "console.log('kit says ' + process.env.INPUT_WORD);\n"),
            TarFixture.file("sub/action.yml", """
                name: sub
                runs:
                  using: composite
                  steps:
                    - shell: sh
                      run: echo "sub in $(basename "$GITHUB_ACTION_PATH")"
                """),
        ])
        var job = HostJob()
        job.actions = ActionCache(root: scratch.path + "/cache", http: HTTPClient(), defaultActionsURL: server.url,
                                  instanceURL: nil, token: nil)
        let (result, reporter) = try await job.run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - uses: tools/kit@v1
                    with:
                      word: first
                  - uses: tools/kit@v1
                  - uses: tools/kit/sub@v1
            """)
        #expect(result.stepConclusions == [.success, .success, .success], "\(reporter.log)")
        #expect(reporter.lines.filter { $0 == "pre of kit" }.count == 2, "one pre step per use")
        #expect(reporter.lines.contains("kit says first") && reporter.lines.contains("kit says default-word"))
        #expect(reporter.lines.contains("sub in sub"))
        #expect(server.requests(to: ArchiveServer.archivePath("tools", "kit", "v1")) == 1)
    }

    @Test func anActionThatCannotBeFetchedFailsTheJobBeforeItsSteps() async throws {
        let scratch = try TemporaryDirectory()
        let server = try ArchiveServer(scratch: scratch)
        var job = HostJob()
        job.actions = ActionCache(root: scratch.path + "/cache", http: HTTPClient(), defaultActionsURL: server.url,
                                  instanceURL: nil, token: nil)
        let (result, reporter) = try await job.run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - run: echo should-not-run
                  - uses: tools/missing@v1
            """)
        #expect(result.outcome == .failure)
        #expect(!reporter.lines.contains("should-not-run"))
        #expect(reporter.annotations.contains { $0.message.contains("tools/missing@v1") && $0.message.contains("not found") })
    }

    @Test func checkoutOfTheRunsOwnRepositoryIsSkippedWhenAsked() async throws {
        var job = HostJob()
        job.skipsCheckout = true
        let (result, reporter) = try await job.run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - uses: actions/checkout@v4
                  - run: echo after
            """)
        #expect(result.outcome == .success)
        #expect(reporter.lines.contains { $0.hasPrefix("Skipping actions/checkout@v4") })
    }
}
