import Testing
@testable import RunnerCore

/// The command line of a container action (`runs.using: docker` with `image: docker://…`, or `uses: docker://…`).
@Suite struct ContainerActionTests {
    /// act's local-action-docker-url: `entrypoint: /bin/sh -c` with `args: [env]`.
    @Test func anEntrypointIsSplitIntoWords() throws {
        let action = try ContainerAction(image: "debian", entrypoint: "/bin/sh -c", arguments: ["env"], environment: [:])
        #expect(action.commandLine == ["/bin/sh", "-c", "env"])
        #expect(!action.runsImageProgram)
        let quoted = try ContainerAction(image: "debian", entrypoint: "'/opt/my tool' --flag", arguments: [], environment: [:])
        #expect(quoted.commandLine == ["/opt/my tool", "--flag"])
    }

    @Test func withoutEntrypointTheImageProgramRuns() throws {
        for entrypoint in [nil, ""] {
            let action = try ContainerAction(image: "debian", entrypoint: entrypoint, arguments: ["a", "b"], environment: [:])
            #expect(action.commandLine == ["a", "b"])
            #expect(action.runsImageProgram)
        }
    }

    @Test func anUnclosedQuoteIsAnError() {
        #expect(throws: JobError.self) {
            try ContainerAction(image: "debian", entrypoint: "'/bin/sh -c", arguments: [], environment: [:])
        }
    }
}
