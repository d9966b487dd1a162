import Foundation
import Testing

/// `swift-runner lint` as a user runs it: exit codes, formats, standard input, options.
@Suite struct LintCommandTests {
    /// A throwaway repository with one workflow file.
    private func repository(_ workflow: String, name: String = "ci.yml") throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)")
        let folder = root.appendingPathComponent(".forgejo/workflows")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(workflow.utf8).write(to: folder.appendingPathComponent(name))
        return root
    }

    static let clean = "on: push\njobs:\n  a:\n    runs-on: docker\n    steps: [{run: echo}]\n"
    static let broken = "on: push\njobs:\n  a:\n    runs-on: docker\n    needs: nowhere\n    steps: [{run: echo}]\n"

    @Test func cleanRepositoryExitsZero() throws {
        let root = try repository(Self.clean)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try BinaryRunner.run(["lint"], in: root)
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
    }

    @Test func problemsExitOneWithSourceExcerpt() throws {
        let root = try repository(Self.broken)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try BinaryRunner.run(["lint"], in: root)
        #expect(result.status == 1)
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix(".forgejo/workflows/ci.yml:3:3: job \"a\" needs job \"nowhere\"") == true)
        #expect(lines.first?.hasSuffix("[job-needs]") == true)
        #expect(lines.dropFirst().first == "    a:")
        #expect(lines.dropFirst(2).first == "    ^~")
    }

    @Test func onelineAndIgnore() throws {
        let root = try repository(Self.broken)
        defer { try? FileManager.default.removeItem(at: root) }
        let oneline = try BinaryRunner.run(["lint", "--oneline"], in: root)
        #expect(oneline.standardOutput.split(separator: "\n").count == 1)
        let ignored = try BinaryRunner.run(["lint", "--ignore", "job-needs"], in: root)
        #expect(ignored.status == 0 && ignored.standardOutput.isEmpty)
        let badPattern = try BinaryRunner.run(["lint", "--ignore", "("], in: root)
        #expect(badPattern.status == 3)
        #expect(badPattern.standardError.contains("--ignore ( is not a valid regular expression"))
    }

    @Test func jsonSarifAndGitHubFormats() throws {
        let root = try repository(Self.broken)
        defer { try? FileManager.default.removeItem(at: root) }
        let json = try BinaryRunner.run(["lint", "--format", "json"], in: root)
        let entries = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]]
        #expect(entries?.first?["rule"] as? String == "job-needs")
        #expect(entries?.first?["line"] as? Int == 3 && entries?.first?["severity"] as? String == "error")
        let sarif = try BinaryRunner.run(["lint", "--format", "sarif"], in: root)
        let log = try JSONSerialization.jsonObject(with: Data(sarif.standardOutput.utf8)) as? [String: Any]
        #expect(log?["version"] as? String == "2.1.0")
        let runs = log?["runs"] as? [[String: Any]]
        #expect((runs?.first?["results"] as? [Any])?.count == 1)
        let github = try BinaryRunner.run(["lint", "--format", "github"], in: root)
        #expect(github.standardOutput.hasPrefix("::error file=.forgejo/workflows/ci.yml,line=3,col=3,title=job-needs::"))
    }

    @Test func standardInputUsesTheGivenName() throws {
        let result = try BinaryRunner.run(["lint", "-", "--stdin-filename", "piped.yml"], standardInput: Self.broken)
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("piped.yml:3:3:"))
    }

    @Test func forgejoProfileChangesTheVerdictOnCallsWithoutRunsOn() throws {
        let call = "on: push\njobs:\n  c:\n    uses: owner/repo/.forgejo/workflows/b.yml@v1\n"
        let eleven = try BinaryRunner.run(["lint", "-"], standardInput: call)
        #expect(eleven.status == 1)
        #expect(eleven.standardOutput.contains("Forgejo 11 schedules no run for job \"c\""))
        let fifteen = try BinaryRunner.run(["lint", "-", "--forgejo-version", "15"], standardInput: call)
        #expect(fifteen.status == 0)
        #expect(fifteen.standardOutput.contains("note: Forgejo 15 expands this call"))
    }

    @Test func labelsFromOptionOrConfig() throws {
        let root = try repository(Self.clean)
        defer { try? FileManager.default.removeItem(at: root) }
        let option = try BinaryRunner.run(["lint", "--labels", "lxc,host"], in: root)
        // A missing label is a warning: shown, but it does not fail the lint (labels belong to runner instances).
        #expect(option.status == 0)
        #expect(option.standardOutput.contains("warning: no configured runner has the label \"docker\"")
                && option.standardOutput.contains("[runner-label]"))
        let config = root.appendingPathComponent("config.yaml")
        try Data("forgejo_version: 15\nrunner:\n  labels: ['docker:docker://node:22']\n".utf8).write(to: config)
        let fromConfig = try BinaryRunner.run(["lint", "--config", config.path], in: root)
        #expect(fromConfig.status == 0, "\(fromConfig.standardOutput)")
        try Data("runner:\n  labels: docker\n".utf8).write(to: config)
        let badConfig = try BinaryRunner.run(["lint", "--config", config.path], in: root)
        #expect(badConfig.status == 2)
        #expect(badConfig.standardError.contains("runner.labels must be a list"))
    }

    @Test func badUsageExitsTwo() throws {
        let result = try BinaryRunner.run(["lint", "--forgejo-version", "12"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("use 11 or 15"))
    }

    @Test func unreadableFileIsAProblemAtItsPath() throws {
        let result = try BinaryRunner.run(["lint", "/nonexistent/workflow.yml"])
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("/nonexistent/workflow.yml:1:1: cannot read this file"))
    }

    @Test func noWorkflowsIsAFatalError() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty.appendingPathComponent(".git"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try BinaryRunner.run(["lint"], in: empty)
        #expect(result.status == 3)
        #expect(result.standardError.contains("no workflows in"))
    }
}
