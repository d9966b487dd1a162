import Executors
import Foundation
import Testing
import TestSupport
@testable import RunnerCore

/// Sandboxes need root and crun; the registry is started on demand.
let sandboxesAvailable = geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/crun")

/// Jobs in real sandboxes (LocalSandbox on crun, images from the test bed's registry): a job container, a service
/// reached by name with a health check, a container action, a JavaScript action inside the Debian image.
@Suite(.serialized, .enabled(if: sandboxesAvailable, "needs root, crun and the test bed's registry (scripts/testbed up registry registry-debian)"))
struct SandboxJobTests {
    static let busybox = "\(TestBed.registry)/test/busybox:latest"
    static let debian = "\(TestBed.registry)/test/debian-node:bookworm"

    /// A job runner whose jobs go to LocalSandbox (label `docker://native`), its state under `scratch`.
    private func sandboxJob(_ scratch: TemporaryDirectory, workspace: String? = nil) async throws -> HostJob {
        try #require(await TestBed.registryReady(), "the test bed's registry did not start")
        chmod(scratch.path, 0o755)
        // Layers are shared by every run of these tests: the Debian image is pulled and unpacked once per machine.
        let providers = SandboxProviders(settings: .init(stateDirectory: scratch.path + "/state",
                                                         layerDirectory: "/tmp/swift-runner-test-layers"), software: "tests")
        var job = HostJob()
        job.placement = try providers.placement(for: RunnerLabel(name: "docker", schema: .docker(image: "native")))
        job.workspace = workspace
        return job
    }

    @Test func aJobContainerRunsTheStepsWithTheWorkspaceInside() async throws {
        let scratch = try TemporaryDirectory()
        let workspace = scratch.path + "/repo"
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        try Data("from the working copy\n".utf8).write(to: URL(fileURLWithPath: workspace + "/README"))
        let (result, reporter) = try await sandboxJob(scratch, workspace: workspace).run("""
            on: push
            jobs:
              test:
                runs-on: docker
                container: \(Self.busybox)
                steps:
                  - id: look
                    run: |
                      cat README
                      echo "uid $(id -u) in $PWD"
                      echo "shell=$0" >> "$GITHUB_OUTPUT"
                      echo "$GITHUB_WORKSPACE" | grep -q /workspace/owner/repo
                  - run: echo "ran with ${{ steps.look.outputs.shell }}"
            """)
        #expect(result.outcome == .success, "\(reporter.log)")
        #expect(reporter.lines.contains("from the working copy"))
        #expect(reporter.lines.contains("uid 0 in /workspace/owner/repo"))
        #expect(reporter.lines.contains { $0.hasPrefix("ran with /run/swift-runner/steps/") }, "busybox has no bash: sh runs the script")
    }

    @Test func aServiceAnswersOnItsNameOnceHealthy() async throws {
        let scratch = try TemporaryDirectory()
        let (result, reporter) = try await sandboxJob(scratch).run("""
            on: push
            jobs:
              test:
                runs-on: docker
                container: \(Self.busybox)
                services:
                  web:
                    image: \(Self.busybox)
                    command: busybox httpd -f -p 8080 -h /etc
                    options: --health-cmd "busybox wget -q -O /dev/null http://127.0.0.1:8080/hosts" --health-interval 200ms --health-retries 25
                steps:
                  - run: |
                      busybox wget -q -O - http://web:8080/hosts
                      busybox wget -q -O - http://localhost:8080/hosts
            """)
        #expect(result.outcome == .success, "\(reporter.log)")
        #expect(reporter.lines.contains("Service web is healthy"))
        #expect(reporter.lines.filter { $0.hasPrefix("127.0.0.1") && $0.hasSuffix(" web") }.count == 2, "the job sees the service's /etc/hosts, which names it")
    }

    @Test func anUnhealthyServiceFailsTheJobSayingSo() async throws {
        let scratch = try TemporaryDirectory()
        let (result, reporter) = try await sandboxJob(scratch).run("""
            on: push
            jobs:
              test:
                runs-on: docker
                services:
                  broken:
                    image: \(Self.busybox)
                    command: sleep 60
                    options: --health-cmd "false" --health-interval 100ms --health-retries 3
                steps:
                  - run: echo never
            """)
        #expect(result.outcome == .failure)
        #expect(!reporter.lines.contains("never"))
        #expect(reporter.annotations.contains { $0.message.contains("service broken did not become healthy") }, "\(reporter.log)")
    }

    @Test func aContainerActionSharesTheWorkspaceAndWritesOutputs() async throws {
        let scratch = try TemporaryDirectory()
        let (result, reporter) = try await sandboxJob(scratch).run("""
            on: push
            jobs:
              test:
                runs-on: docker
                container: \(Self.busybox)
                steps:
                  - run: echo before > note
                  - id: action
                    uses: docker://\(Self.busybox)
                    with:
                      args: sh -c "cat note; echo made-by-action > made; echo result=ok >> $GITHUB_OUTPUT"
                  - run: echo "after $(cat made) ${{ steps.action.outputs.result }}"
            """)
        #expect(result.outcome == .success, "\(reporter.log)")
        #expect(reporter.lines.contains("before"))
        #expect(reporter.lines.contains("after made-by-action ok"))
    }

    @Test(.enabled(if: TestBed.imageAvailable("test/debian-node", tag: "bookworm"), "needs the Debian image (scripts/testbed up registry-debian)"))
    func javaScriptActionsRunWithTheContainersNode() async throws {
        let scratch = try TemporaryDirectory()
        let workspace = scratch.path + "/repo"
        try FileManager.default.createDirectory(atPath: workspace + "/greet", withIntermediateDirectories: true)
        try Data("name: greet\nruns:\n  using: node20\n  main: index.js\n".utf8).write(to: URL(fileURLWithPath: workspace + "/greet/action.yml"))
        try Data("console.log('node ' + process.version.split('.')[0] + ' says hi');\n".utf8)
            .write(to: URL(fileURLWithPath: workspace + "/greet/index.js"))
        let (result, reporter) = try await sandboxJob(scratch, workspace: workspace).run("""
            on: push
            jobs:
              test:
                runs-on: docker
                container: \(Self.debian)
                steps:
                  - uses: ./greet
                  - shell: bash
                    run: echo "bash ${BASH_VERSION%%.*} git $(git --version | cut -d' ' -f3 | cut -d. -f1)"
            """)
        #expect(result.outcome == .success, "\(reporter.log)")
        #expect(reporter.lines.contains { $0.hasPrefix("node v") && $0.hasSuffix(" says hi") })
        #expect(reporter.lines.contains("bash 5 git 2"))
    }
}
