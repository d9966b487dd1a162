import Foundation
import Testing

/// `swift-runner exec` as a user runs it: on the host (`--host`), listing, planning, and its errors.
@Suite struct ExecCommandTests {
    /// A repository with `.forgejo/workflows/ci.yml` holding `workflow`.
    private func repository(_ workflow: String) throws -> URL {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("exec-\(UUID().uuidString)")
        let folder = root.appendingPathComponent(".forgejo/workflows")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(workflow.utf8).write(to: folder.appendingPathComponent("ci.yml"))
        try Data("hello from the working copy\n".utf8).write(to: root.appendingPathComponent("README"))
        return root
    }

    static let workflow = """
        on: [push, workflow_dispatch]
        jobs:
          build:
            runs-on: docker
            strategy:
              matrix:
                version: [1, 2]
            outputs:
              word: ${{ steps.say.outputs.word }}
            steps:
              - id: say
                run: |
                  cat README
                  echo "word=v${{ matrix.version }}" >> "$GITHUB_OUTPUT"
          report:
            needs: build
            runs-on: docker
            steps:
              - run: echo "secret ${{ secrets.TOKEN }} word ${{ needs.build.outputs.word }}"
        """

    @Test func runsTheWorkflowOnTheHostAndSummarises() throws {
        let root = try repository(Self.workflow)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try BinaryRunner.run(["exec", "--host", "-s", "TOKEN=hunter2", "--state-directory", root.path + "/.state"], in: root)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("[build (1)]   hello from the working copy"))
        #expect(result.standardOutput.contains("secret *** word v"))
        #expect(!result.standardOutput.contains("hunter2"))
        #expect(result.standardOutput.contains("JOB") && result.standardOutput.contains("build (2)") && result.standardOutput.contains("success"))
    }

    /// A label nothing maps runs on `native`: the host's files, read-only and nobody's inside the sandbox, so the
    /// workspace and the runner's folders must live where the sandbox may write.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/crun"),
                   "native sandboxes need root and crun"))
    func runsUnmappedLabelsOnTheNativeImage() throws {
        let root = try repository("""
            on: push
            jobs:
              build:
                runs-on: somewhere
                steps:
                  - run: |
                      cat README
                      echo made > made.txt && echo home > "$HOME/home.txt" && echo "wrote in $GITHUB_WORKSPACE"
            """)
        // The state lives outside the working copy: the copy must not take in the sandbox's own mounted root.
        let state = NSTemporaryDirectory() + "exec-state-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(atPath: state)
        }
        let result = try BinaryRunner.run(["exec", "--state-directory", state], in: root)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("[build]   hello from the working copy"))
        #expect(result.standardOutput.contains("[build]   wrote in /"))
    }

    @Test func aFailingJobMakesTheExitStatusOne() throws {
        let root = try repository("on: push\njobs:\n  broken:\n    runs-on: docker\n    steps:\n      - run: exit 4\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try BinaryRunner.run(["exec", "--host", "--state-directory", root.path + "/.state"], in: root)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("exited with code 4"))
    }

    @Test func anInterruptCancelsTheRunButItsCleanUpStillRuns() throws {
        let root = try repository("""
            on: push
            jobs:
              long:
                runs-on: docker
                steps:
                  - run: echo started; sleep 30; echo not-reached
                  - if: always()
                    run: echo cleaning up
            """)
        defer { try? FileManager.default.removeItem(at: root) }
        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = ["exec", "--host", "--state-directory", root.path + "/.state"]
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("started") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        kill(process.processIdentifier, SIGINT)
        seen += output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: seen, as: UTF8.self)
        #expect(process.terminationStatus == 1, "\(text)")
        #expect(text.contains("exec was interrupted") && text.contains("[long]   cleaning up") && !text.contains("[long]   not-reached"))
    }

    @Test func listsAndPlansWithoutRunning() throws {
        let root = try repository(Self.workflow)
        defer { try? FileManager.default.removeItem(at: root) }
        let list = try BinaryRunner.run(["exec", "-l"], in: root)
        #expect(list.status == 0)
        #expect(list.standardOutput.contains("report") && list.standardOutput.contains("build"))
        let plan = try BinaryRunner.run(["exec", "-n"], in: root)
        #expect(plan.status == 0)
        #expect(plan.standardOutput.contains("stage 2") && plan.standardOutput.contains("build (2)"))
        let json = try BinaryRunner.run(["exec", "-n", "--json"], in: root)
        let jobs = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
        #expect(jobs.count == 3)
        let payload = try #require(jobs.first?["workflow_payload"] as? String)
        #expect(payload.contains("jobs:\n  build:") && !payload.contains("report:"))
    }

    @Test func badInputIsAClearError() throws {
        let root = try repository(Self.workflow)
        defer { try? FileManager.default.removeItem(at: root) }
        let event = try BinaryRunner.run(["exec", "--host", "release"], in: root)
        #expect(event.status == 1 && event.standardError.contains("no workflow runs on release"))
        let label = try BinaryRunner.run(["exec", "--label", "docker=ftp://x"], in: root)
        #expect(label.status == 2 && label.standardError.contains("--label docker=ftp://x"))
        let pair = try BinaryRunner.run(["exec", "-s", "=x"], in: root)
        #expect(pair.status == 2 && pair.standardError.contains("NAME=VALUE"))
        let empty = URL(fileURLWithPath: NSTemporaryDirectory())
        let missing = try BinaryRunner.run(["exec", "-n", "-W", "nowhere-\(UUID().uuidString)"], in: empty)
        #expect(missing.status == 1 && missing.standardError.contains("no such workflow file or folder"))
    }
}
