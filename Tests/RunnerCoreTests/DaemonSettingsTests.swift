import Testing
@testable import RunnerCore

/// forgejo-runner's keys the daemon reads, their defaults, and the config `generate-config` prints.
@Suite struct DaemonSettingsTests {
    @Test func defaultsAreForgejoRunners() throws {
        let settings = try RunnerConfig.parse("", file: "c.yaml").daemon
        #expect(settings.runnerFile == ".runner" && settings.capacity == 1 && settings.logLevel == .info)
        #expect(settings.jobTimeout == .seconds(3 * 3600) && settings.shutdownTimeout == .zero)
        #expect(settings.fetchTimeout == .seconds(5) && settings.fetchInterval == .seconds(2))
        #expect(settings.reportInterval == .seconds(1))
        #expect(!settings.insecure && settings.environment.isEmpty && settings.environmentFile == nil)
        #expect(settings.metricsAddress == nil)
        // A section whose keys are all commented out is null: the defaults too.
        #expect(try RunnerConfig.parse("log:\nrunner:\nmetrics:\n", file: "c.yaml").daemon == settings)
    }

    @Test func readsEveryKey() throws {
        let settings = try RunnerConfig.parse("""
            log: {level: debug}
            runner:
              file: /var/lib/runner/.runner
              capacity: 3
              envs: {A: x, NUMBER: 1}
              env_file: runner.env
              timeout: 1h30m
              shutdown_timeout: 90s
              insecure: true
              fetch_timeout: 2.5s
              fetch_interval: 500ms
              report_interval: 2s
            metrics: {addr: '127.0.0.1:9101'}
            """, file: "c.yaml").daemon
        #expect(settings.logLevel == .debug && settings.runnerFile == "/var/lib/runner/.runner" && settings.capacity == 3)
        #expect(settings.environment == ["A": "x", "NUMBER": "1"] && settings.environmentFile == "runner.env")
        #expect(settings.jobTimeout == .seconds(5400) && settings.shutdownTimeout == .seconds(90) && settings.insecure)
        #expect(settings.fetchTimeout == .milliseconds(2500) && settings.fetchInterval == .milliseconds(500))
        #expect(settings.reportInterval == .seconds(2) && settings.metricsAddress == "127.0.0.1:9101")
    }

    @Test(arguments: [
        ("runner: {capacity: 0}", "c.yaml:1:20: runner.capacity must be a whole number of jobs, at least 1"),
        ("runner: {timeout: 10}", "c.yaml:1:19: runner.timeout must be a duration with a unit, such as 30s, 5m or 1h30m, more than zero"),
        ("runner: {fetch_interval: 0}", "c.yaml:1:26: runner.fetch_interval must be a duration with a unit, such as 30s, 5m or 1h30m, more than zero"),
        ("runner: {shutdown_timeout: 3 h}", "c.yaml:1:28: runner.shutdown_timeout must be a duration with a unit, such as 30s, 5m or 1h30m (0 for none)"),
        ("runner: {insecure: yes}", "c.yaml:1:20: runner.insecure must be true or false"),
        ("runner: {envs: [A]}", "c.yaml:1:16: runner.envs must be a mapping of NAME: value"),
        ("log: {level: loud}", "c.yaml:1:14: log.level must be one of trace, debug, info, warn, error"),
    ])
    func badValuesArePositioned(text: String, message: String) {
        #expect { try RunnerConfig.parse(text, file: "c.yaml") } throws: { "\($0)" == message }
    }

    /// What `generate-config` prints must be a config that parses, to the defaults plus its example label.
    @Test func theGeneratedConfigParsesToTheDefaults() throws {
        let config = try RunnerConfig.parse(ConfigTemplate.text, file: "config.yaml")
        var expected = DaemonSettings()
        expected.environmentFile = ".env"
        #expect(config.daemon == expected)
        #expect(config.labels == [ConfigTemplate.defaultLabel] && config.forgejoVersion == "11")
        #expect(config.fencePools.isEmpty && config.defaultFencePool == nil && config.registryLogins.isEmpty)
        for key in ["level:", "job_level:", "file:", "capacity:", "envs:", "env_file:", "timeout:", "shutdown_timeout:",
                    "insecure:", "fetch_timeout:", "fetch_interval:", "report_interval:", "labels:", "cache:", "enabled:",
                    "dir:", "host:", "port:", "external_server:", "container:", "network:", "privileged:", "options:",
                    "workdir_parent:", "valid_volumes:", "docker_host:", "force_pull:", "fence:", "pools:",
                    "default_pool:", "registries:", "forgejo_version:", "metrics:", "addr:"] {
            #expect(ConfigTemplate.text.contains(key), "\(key) missing")
        }
    }
}
