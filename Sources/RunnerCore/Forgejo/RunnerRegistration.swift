import Foundation

/// `swift-runner register`: wait until the instance answers a ping (it may still be starting), register with a
/// registration token and the label names, then write `.runner` with the full label specs. Nothing is written when
/// any step fails, and an existing `.runner` is never replaced: removing it is how a user asks for a new runner.
public struct RunnerRegistration: Sendable {
    public var instance: ForgejoInstance
    /// The registration token from Forgejo's runner settings (not a runner token).
    public var registrationToken: String
    public var name: String
    public var labels: [RunnerLabel]
    /// Where `.runner` goes (config `runner.file`).
    public var file: String
    public var pings: Backoff

    public init(instance: ForgejoInstance, registrationToken: String, name: String, labels: [RunnerLabel], file: String,
                pings: Backoff = .registration) {
        self.instance = instance
        self.registrationToken = registrationToken
        self.name = name
        self.labels = labels
        self.file = file
        self.pings = pings
    }

    /// Registers and writes the file. `waiting` hears of each ping that failed and how long until the next one.
    public func run(waiting: @Sendable (ForgejoError, Duration) -> Void = { _, _ in }) async throws(RegistrationError) -> RunnerFile {
        if FileManager.default.fileExists(atPath: file) {
            let registered = (try? RunnerFile.read(from: file)).map { " as \($0)" } ?? ""
            throw RegistrationError("\(file) already exists: this runner is registered\(registered). Remove the file "
                                    + "to register a new runner, or use another runner.file in config.yaml")
        }
        let client = ConnectClient(instance: instance)
        try await waitForAnswer(from: client, waiting: waiting)
        let runner: Runner_V1_Runner
        do {
            runner = try await client.register(.with {
                $0.name = name
                $0.token = registrationToken
                $0.version = VersionInfo.version
                $0.labels = labels.map(\.name)
            }).runner
        } catch where error.code == .invalidArgument {
            throw RegistrationError("\(instance) refused to register the runner: \(error.message). Take a current "
                + "registration token from Forgejo (Site administration, or an organisation's or repository's "
                + "Settings, then Actions, Runners, Create new runner) and register again")
        } catch {
            throw RegistrationError("registering with \(instance) failed: \(error)")
        }
        let registered = RunnerFile(id: runner.id, uuid: runner.uuid, name: runner.name.isEmpty ? name : runner.name,
                                    token: runner.token, address: instance.url, labels: labels.map(\.description))
        guard !registered.uuid.isEmpty, !registered.token.isEmpty else {
            throw RegistrationError("\(instance) accepted the registration but sent no runner uuid or token; "
                                    + "remove runner \(runner.id) in Forgejo's runner settings and try again")
        }
        do {
            try registered.write(to: file)
        } catch {
            throw RegistrationError("registered as runner \(runner.id) but \(error). Fix that, remove runner "
                                    + "\(runner.id) in Forgejo's runner settings, and register again")
        }
        return registered
    }

    /// Pings until the instance answers. Only failures that may pass (no answer, unavailable, a proxy's 5xx) are
    /// waited out: a URL that is not a Forgejo instance fails at once.
    private func waitForAnswer(from client: ConnectClient,
                               waiting: @Sendable (ForgejoError, Duration) -> Void) async throws(RegistrationError) {
        for attempt in 1...max(1, pings.attempts) {
            do {
                _ = try await client.ping(.with { $0.data = name })
                return
            } catch where error.isTransient && attempt < pings.attempts {
                let delay = pings.delay(afterAttempt: attempt)
                waiting(error, delay)
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw RegistrationError("registration cancelled while waiting for \(instance)")
                }
            } catch where error.isTransient {
                throw RegistrationError("\(instance) did not answer after \(pings.attempts) tries: \(error). Check the "
                                        + "URL and that Forgejo is running, then register again")
            } catch {
                throw RegistrationError("\(instance) does not answer as a Forgejo instance: \(error). Check the URL: "
                                        + "it is the address of Forgejo's web pages, e.g. https://forge.example")
            }
        }
    }
}

/// Why `register` stopped, with what to do; nothing was written.
public struct RegistrationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
