import Foundation
import Testing
@testable import WorkflowParser

@Suite struct ActionManifestTests {
    private func load(_ text: String) throws -> ActionManifest {
        let (manifest, problems) = ActionManifestLoader().parse(text, file: "action.yml")
        #expect(problems.isEmpty, "\(problems)")
        return try #require(manifest)
    }

    @Test func javaScriptAction() throws {
        let manifest = try load("""
            name: Hello
            inputs:
              who: {description: Whom to greet, required: true}
              greeting: {default: Hello}
              old: {deprecationMessage: use greeting}
            outputs:
              time: {description: When}
            runs:
              using: node20
              main: dist/index.js
              pre: dist/setup.js
              pre-if: runner.os == 'Linux'
              post: dist/cleanup.js
              post-if: always()
            """)
        #expect(manifest.inputs.map(\.name.value) == ["who", "greeting", "old"])
        #expect(manifest.input("WHO")?.mustBeGiven == true && manifest.input("greeting")?.mustBeGiven == false)
        #expect(manifest.input("old")?.deprecationMessage?.value == "use greeting")
        #expect(manifest.outputs.first?.name.value == "time")
        guard case .node(let runs) = manifest.runs else { Issue.record("expected a node action"); return }
        #expect(runs.runtime.value == .node20 && runs.main.value == "dist/index.js")
        #expect(runs.pre?.value == "dist/setup.js" && runs.preIf?.value == "runner.os == 'Linux'")
        #expect(runs.post?.value == "dist/cleanup.js" && runs.postIf?.value == "always()")
    }

    @Test func compositeAction() throws {
        let manifest = try load("""
            name: Build
            outputs:
              path: {value: '${{ steps.b.outputs.path }}'}
            runs:
              using: composite
              steps:
                - id: b
                  run: make
                  shell: bash
                - uses: ./other
            """)
        guard case .composite(let steps) = manifest.runs else { Issue.record("expected a composite action"); return }
        #expect(steps.map { $0.id?.value } == ["b", nil])
        #expect(steps[1].uses?.value == "./other")
        #expect(manifest.outputs.first?.value?.value == "${{ steps.b.outputs.path }}")
    }

    @Test func containerAction() throws {
        let manifest = try load("""
            name: Lint
            runs:
              using: docker
              image: docker://alpine:3.20
              entrypoint: /lint.sh
              args: ['${{ inputs.path }}', --strict]
              env: {MODE: ci}
            """)
        guard case .docker(let runs) = manifest.runs else { Issue.record("expected a container action"); return }
        #expect(runs.image.value == "docker://alpine:3.20" && runs.entrypoint?.value == "/lint.sh")
        #expect(runs.args.map(\.value) == ["${{ inputs.path }}", "--strict"])
        #expect(runs.env.first?.value.value == "ci")
    }

    @Test(arguments: [
        ("name: x\n", "the action manifest is missing the required key \"runs\""),
        ("runs: {using: node8, main: a.js}\n", "runs.using \"node8\" is not one of composite, docker, node12"),
        ("runs: {using: node20}\n", "runs of a JavaScript action is missing the required key \"main\""),
        ("runs: {using: composite}\n", "runs of a composite action is missing the required key \"steps\""),
        ("runs: {using: docker}\n", "runs of a container action is missing the required key \"image\""),
        ("runs: {using: node20, main: a.js, steps: []}\n", "unknown key \"steps\" in runs of a JavaScript action"),
        ("", "the action manifest is empty"),
    ])
    func badManifests(text: String, message: String) {
        let problems = ActionManifestLoader().parse(text, file: "action.yml").problems
        #expect(problems.contains { $0.message.hasPrefix(message) }, "\(problems)")
    }
}

@Suite struct WorkflowDiscoveryTests {
    private func makeRepository(_ folders: [String: [String]]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("discovery-\(UUID().uuidString)")
        for (folder, files) in folders {
            let directory = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for file in files {
                try Data("on: push\n".utf8).write(to: directory.appendingPathComponent(file))
            }
        }
        return root
    }

    @Test func forgejoFolderWinsOverGitHub() throws {
        let root = try makeRepository([".forgejo/workflows": ["b.yaml", "a.yml", "notes.txt"],
                                       ".github/workflows": ["github.yml"]])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(WorkflowDiscovery.workflowFolder(in: root) == ".forgejo/workflows")
        #expect(try WorkflowDiscovery.workflowFiles(in: root).map(\.lastPathComponent) == ["a.yml", "b.yaml"])
    }

    @Test func gitHubFolderWhenForgejoIsAbsent() throws {
        let root = try makeRepository([".github/workflows": ["github.yml"]])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try WorkflowDiscovery.workflowFiles(in: root).map(\.lastPathComponent) == ["github.yml"])
    }

    @Test func noWorkflowFolder() throws {
        let root = try makeRepository(["src": ["main.yml"]])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(WorkflowDiscovery.workflowFolder(in: root) == nil)
        #expect(try WorkflowDiscovery.workflowFiles(in: root).isEmpty)
    }
}
