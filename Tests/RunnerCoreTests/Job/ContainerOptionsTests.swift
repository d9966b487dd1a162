import Testing
@testable import RunnerCore

/// What `options:` of a job or service container the runner acts on.
@Suite struct ContainerOptionsTests {
    /// act's container-hostname: `--hostname my.host.local --user 100:101`.
    @Test func hostnameAndUserAreTaken() throws {
        let options = try ContainerOptions.parse("--hostname my.host.local --user 100:101")
        #expect(options.hostname == "my.host.local" && options.user == "100:101" && options.ignored.isEmpty)
        let short = try ContainerOptions.parse("-h box -u node --user=ignored-later")
        #expect(short.hostname == "box" && short.user == "ignored-later")
    }

    @Test func healthChecksAreReadAndLooseningOptionsAreOnlyListed() throws {
        let options = try ContainerOptions.parse("--health-cmd 'pg_isready -U x' --health-interval 2s --privileged --cap-add ALL")
        #expect(options.health == ContainerOptions.HealthCheck(command: "pg_isready -U x", interval: .seconds(2)))
        #expect(options.ignored == ["--privileged", "--cap-add", "ALL"])
        #expect(throws: JobError.self) { try ContainerOptions.parse("--hostname") }
    }
}
