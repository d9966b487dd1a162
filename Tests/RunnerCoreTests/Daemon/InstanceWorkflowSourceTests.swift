import Foundation
import Testing
import TestSupport
import WorkflowParser
@testable import RunnerCore

/// Called workflows fetched from the instance's raw route, the token only for the instance itself.
@Suite struct InstanceWorkflowSourceTests {
    static let called = "on: workflow_call\njobs:\n  work:\n    runs-on: docker\n    steps: [{run: echo called}]\n"

    @Test func localAndRemoteReferencesReadTheRightCommit() async throws {
        let server = try LoopbackHTTPServer { request in
            switch request.target {
            case "/owner/repo/raw/abc123/.forgejo/workflows/build.yml", "/infra/shared/raw/v1/.forgejo/workflows/b.yml":
                return LoopbackHTTPServer.Response(status: 200, body: Array(Self.called.utf8))
            default:
                return LoopbackHTTPServer.Response(status: 404, body: Array("Not Found".utf8))
            }
        }
        let source = InstanceWorkflowSource(instanceURL: "http://\(server.registry)/", repository: "owner/repo", sha: "abc123", token: "job-token")
        let here = SourceLocation(file: "caller.yml", line: 3, column: 11)
        let local = try await source.workflow(for: .local(path: ".forgejo/workflows/build.yml"), at: here)
        #expect(local.jobs.first?.id.value == "work")
        let remote = try await source.workflow(for: try ReusableWorkflowReference.parse("infra/shared/.forgejo/workflows/b.yml@v1"), at: here)
        #expect(remote.trigger("workflow_call") != nil)
        #expect(server.requests.allSatisfy { $0.headers["authorization"] == "token job-token" })
        do {
            _ = try await source.workflow(for: .local(path: ".forgejo/workflows/missing.yml"), at: here)
            Issue.record("a missing called workflow was found")
        } catch {
            #expect("\(error)".contains("caller.yml:3:11") && "\(error)".contains("HTTP 404") && "\(error)".contains("task's commit"))
        }
    }
}
