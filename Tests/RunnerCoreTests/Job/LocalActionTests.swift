import Foundation
import Testing
@testable import RunnerCore

/// Local actions (`./path`) on the host: composite (nested, inputs, outputs, env scope), JavaScript (main, post,
/// state), and the errors of a missing or broken action.
@Suite struct LocalActionTests {
    /// A working copy holding `files` (path → text).
    private func workspace(_ files: [String: String]) throws -> String {
        let root = NSTemporaryDirectory() + "actions-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (path, text) in files {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    private func run(_ files: [String: String], _ yaml: String) async throws -> (JobResult, RecordingReporter) {
        let folder = try workspace(files)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var job = HostJob()
        job.workspace = folder
        return try await job.run(yaml)
    }

    static let greet = """
        name: greet
        inputs:
          who:
            default: world
        outputs:
          said:
            value: ${{ steps.say.outputs.text }}
        runs:
          using: composite
          steps:
            - id: say
              shell: bash
              run: |
                echo "text=hello ${{ inputs.who }}" >> "$GITHUB_OUTPUT"
                echo "greet sees STEP_ONLY=${STEP_ONLY:-unset} in $(basename "$GITHUB_ACTION_PATH")"
            - uses: ./actions/inner
              with:
                depth: two
        """

    static let inner = """
        name: inner
        inputs:
          depth:
            required: true
        runs:
          using: composite
          steps:
            - shell: sh
              run: echo "inner at ${{ inputs.depth }}"
        """

    @Test func compositeActionsNestWithInputsOutputsAndTheirOwnScope() async throws {
        let (result, reporter) = try await run(["actions/greet/action.yml": Self.greet, "actions/inner/action.yaml": Self.inner], """
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - id: greeting
                    uses: ./actions/greet
                    env:
                      STEP_ONLY: visible-inside
                    with:
                      who: tests
                  - uses: ./actions/greet
                  - run: echo "outside ${{ steps.greeting.outputs.said }} STEP_ONLY=${STEP_ONLY:-unset}"
            """)
        #expect(result.outcome == .success, "\(reporter.log)")
        #expect(reporter.lines.contains("greet sees STEP_ONLY=visible-inside in greet"))
        #expect(reporter.lines.filter { $0 == "inner at two" }.count == 2)
        #expect(reporter.lines.contains("outside hello tests STEP_ONLY=unset"))
    }

    @Test func aCompositeActionThatUsesItselfStopsAtTheDepthLimit() async throws {
        let loop = """
            name: loop
            runs:
              using: composite
              steps:
                - uses: ./actions/loop
            """
        let (result, reporter) = try await run(["actions/loop/action.yml": loop], """
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - uses: ./actions/loop
            """)
        #expect(result.outcome == .failure)
        #expect(reporter.annotations.contains { $0.message.contains("nest more than \(JobRun.maximumActionDepth) levels") })
    }

    @Test func javaScriptActionsRunMainAndPostWithInputsAndState() async throws {
        let manifest = """
            name: js
            inputs:
              name:
                default: nobody
            runs:
              using: node20
              main: main.js
              post: post.js
            """
        let main = """
            const fs = require('fs');
            console.log('main for ' + process.env.INPUT_NAME);
            fs.appendFileSync(process.env.GITHUB_OUTPUT, 'greeting=hi ' + process.env.INPUT_NAME + '\\n');
            fs.appendFileSync(process.env.GITHUB_STATE, 'started=yes\\n');
            """
        let post = "console.log('post with state ' + process.env.STATE_started);\n"
        let (result, reporter) = try await run(["js/action.yml": manifest, "js/main.js": main, "js/post.js": post], """
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - id: js
                    uses: ./js
                    with:
                      name: tester
                  - run: echo "output ${{ steps.js.outputs.greeting }}"
            """)
        #expect(result.outcome == .success, "\(reporter.log)")
        #expect(reporter.lines.contains("main for tester") && reporter.lines.contains("output hi tester"))
        #expect(reporter.lines.last == "post with state yes")
    }

    /// `INPUT_WHO-TO-GREET` is no shell name: the step's sh wrapper must not drop it on the way to node.
    @Test func inputsWithHyphensReachJavaScriptActions() async throws {
        let manifest = "name: hello\ninputs:\n  who-to-greet:\n    default: World\nruns:\n  using: node16\n  main: index.js\n"
        let main = "console.log('Hello ' + process.env['INPUT_WHO-TO-GREET'] + '!');\n"
        let (result, reporter) = try await run(["hello/action.yml": manifest, "hello/index.js": main], """
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - uses: ./hello
                    with:
                      who-to-greet: Mona the Octocat
                  - uses: ./hello
            """)
        #expect(result.outcome == .success, "\(reporter.log)")
        #expect(reporter.lines.contains("Hello Mona the Octocat!") && reporter.lines.contains("Hello World!"), "\(reporter.log)")
    }

    /// `uses: ./` (act's set-env-step-env-override writes action.yml into the workspace) and `uses: ./dir/`.
    @Test func theWorkspaceRootAndATrailingSlashNameTheActionFolder() async throws {
        let composite = "runs:\n  using: composite\n  steps:\n    - shell: sh\n      run: echo \"at $(basename \"$GITHUB_ACTION_PATH\")\"\n"
        let (result, reporter) = try await run(["action.yml": composite, "sub/action.yml": composite], """
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - uses: ./sub/
                  - uses: ./
            """)
        #expect(result.outcome == .success, "\(reporter.log)")
        #expect(reporter.lines.filter { $0.hasPrefix("at ") } == ["at sub", "at repo"], "\(reporter.log)")
        let (broken, brokenReport) = try await run(["action.yml": "runs:\n  using: composite\n"], """
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - uses: ./
            """)
        #expect(broken.outcome == .failure)
        #expect(brokenReport.annotations.contains { $0.message.hasPrefix("action.yml:2:3: ") }, "\(brokenReport.log)")
    }

    @Test func missingAndBrokenActionsAreClearErrors() async throws {
        let (missing, missingReport) = try await run([:], """
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - uses: ./nowhere
            """)
        #expect(missing.outcome == .failure)
        #expect(missingReport.annotations.contains { $0.message.contains("no action.yml or action.yaml in ./nowhere") })

        let (broken, brokenReport) = try await run(["bad/action.yml": "name: bad\nruns:\n  using: node99\n  main: x.js\n"], """
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - uses: ./bad
            """)
        #expect(broken.outcome == .failure)
        #expect(brokenReport.annotations.contains { $0.message.contains("bad/action.yml:3") })

        let (dockerfile, dockerfileReport) = try await run(["built/action.yml": "name: built\nruns:\n  using: docker\n  image: Dockerfile\n"], """
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - uses: ./built
            """)
        #expect(dockerfile.outcome == .failure)
        #expect(dockerfileReport.annotations.contains { $0.message.contains("publish the image") && $0.message.contains("docker://") })
    }
}
