import Foundation
import Testing
import WorkflowParser

/// The workflows and actions shipped in examples/ load without a problem.
@Suite struct ExamplesTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")

    @Test func exampleWorkflowsLoad() throws {
        let files = try WorkflowDiscovery.workflowFiles(in: Self.examples)
        #expect(files.map(\.lastPathComponent) == ["build.yml", "ci.yml", "lint.yml", "release.yml"])
        for file in files {
            let workflow = try WorkflowLoader().load(String(contentsOf: file, encoding: .utf8), file: file.path)
            #expect(!workflow.jobs.isEmpty)
        }
    }

    @Test func exampleActionLoads() throws {
        let file = Self.examples.appendingPathComponent(".forgejo/actions/greet/action.yml")
        let manifest = try ActionManifestLoader().load(String(contentsOf: file, encoding: .utf8), file: file.path)
        #expect(manifest.input("who")?.mustBeGiven == true)
    }
}
