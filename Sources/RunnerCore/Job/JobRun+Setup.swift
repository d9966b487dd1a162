import Executors
import Foundation
import WorkflowParser

extension JobRun {
    /// Creates the job's sandbox and its services, makes the runner's folders, copies the workspace in and writes
    /// the event payload; evaluates the workflow's and the job's `env`.
    func setUp() async throws {
        let job = definition.job
        let sandbox = runner.placement.sandbox
        let serviceSpecs = try evaluateServices()
        let containerSpec = try evaluateJobContainer(serviceNames: serviceSpecs.map(\.name))
        log(nil, "Creating the job's sandbox \(runner.placement.location) (\(Self.describe(containerSpec.image)))")
        let id = try await sandbox.create(containerSpec)
        sandboxID = id
        if runner.placement.isHost {
            let folder = try await capture(["/bin/sh", "-c", "pwd"], workingDirectory: ".").trimmingCharacters(in: .whitespacesAndNewlines)
            guard folder.count > 1, folder.hasPrefix("/") else {
                throw JobError("the host sandbox reported \(folder) as its folder; refusing to put a workspace there")
            }
            paths = JobPaths(root: folder, repository: repositoryName)
        } else {
            paths = JobPaths(root: "", repository: repositoryName)
        }
        let event = Array((definition.github["event"] ?? .object(ExpressionObject([]))).jsonText.utf8)
        let shells = try await capture(["/bin/sh", "-c", "mkdir -p \"$1\" \"$2\" \"$3\" \"$4\" \"$5\" \"$6\" && cat > \"$7\" && "
                                        + "if command -v bash >/dev/null 2>&1; then echo bash; else echo sh; fi", "sh",
                                        paths.workspace, paths.temp, paths.toolCache, paths.actions, paths.stepFiles, paths.home,
                                        paths.eventFile],
                                       input: event)
        defaultShell = shells.trimmingCharacters(in: .whitespacesAndNewlines) == "bash" ? .bashDefault : .shDefault
        if let source = runner.workspaceSource {
            log(nil, "Copying \(source.path) into the workspace \(paths.workspace)")
            try await sandbox.copyIn(id, path: paths.workspace, tar: try HostArchive.tar(source.path, excluding: source.excluding))
        }
        if let user = containerUser {
            // The steps write their files below the runner's folder and work in the workspace.
            _ = try await capture(["/bin/sh", "-c", "chown -R \"$1\" \"$2\" \"$3\"", "sh", user, paths.workspace, paths.runnerDirectory],
                                  user: "0:0")
        }
        for service in serviceSpecs { try await startService(service, joining: id) }
        jobEnvironment = try evaluateEnvironment(definition.workflow.env, scope: nil, base: [:])
        jobEnvironment = try evaluateEnvironment(job.env, scope: nil, base: jobEnvironment)
    }

    /// Destroys the services and the job's sandbox; a failure is logged, never hidden.
    func tearDown() async {
        let sandbox = runner.placement.sandbox
        for (name, id) in services.sorted(by: { $0.key < $1.key }) {
            do { try await sandbox.destroy(id) } catch { log(nil, "Warning: cannot remove service \(name): \(error)") }
        }
        services = [:]
        if let id = sandboxID {
            do { try await sandbox.destroy(id) } catch { log(nil, "Warning: cannot remove the job's sandbox \(id): \(error)") }
        }
        sandboxID = nil
    }

    /// `owner/repo` of the run, for the workspace path.
    var repositoryName: String {
        definition.github["repository"]?.coercedString ?? ""
    }

    static func describe(_ image: SandboxImage) -> String {
        switch image {
        case .native: "the host's own files, read-only"
        case .registry(let reference): "image \(reference)"
        }
    }

    /// The job's sandbox: `container:` when the job has one, else the label's image.
    private func evaluateJobContainer(serviceNames: [String]) throws -> SandboxSpec {
        let placement = runner.placement
        var spec = SandboxSpec(image: placement.image, limits: placement.limits, network: placement.network)
        spec.hostAliases = serviceNames
        spec.ownedDirectories = placement.isHost ? [] : JobPaths.ownedDirectories
        if let container = definition.job.container {
            try checkCredentials(container)
            guard !placement.isHost else {
                throw JobError("\(container.location): the job asks for container \(container.image.value), but its runs-on "
                    + "label runs on the host itself; use a docker:// label or remove container:")
            }
            let image = try evaluateTemplate(container.image, scope: nil).coercedString
            guard !image.isEmpty else {
                throw JobError("\(container.image.location): container: evaluates to an empty image name")
            }
            spec.image = .registry(image)
            spec.environment = try evaluateEnvironment(container.env, scope: nil, base: [:])
            let options = try container.options.map { try ContainerOptions.parse(try evaluateString($0, scope: nil)) } ?? ContainerOptions()
            if let hostname = options.hostname { spec.hostname = hostname }
            containerUser = options.user
            let ignored = options.ignored + (options.health == nil ? [] : ["--health-cmd"])
            if !ignored.isEmpty {
                log(nil, "Warning: container options \(ignored.joined(separator: " ")) are not honoured (a sandbox never gets "
                    + "privileges, devices, volumes or another network; health checks are for services)")
            }
        }
        return spec
    }

    /// `container.credentials` as the reference runner reads them: a username and a password that both evaluate
    /// to text (a secret that is not set gives "", which fails the job here rather than as a puzzling pull error).
    private func checkCredentials(_ container: Container) throws {
        guard let credentials = container.credentials else { return }
        var parts: [String: String] = [:]
        switch credentials {
        case .value(let pair):
            for (name, text) in [("username", pair.value.username), ("password", pair.value.password)] {
                parts[name] = try text.map { try evaluateString($0, scope: nil) } ?? ""
            }
        case .expression(let text):
            guard case .object(let object) = try evaluateTemplate(text, scope: nil) else {
                throw JobError("\(text.location): container.credentials must evaluate to an object with username and password")
            }
            for name in ["username", "password"] { parts[name] = object[name]?.coercedString ?? "" }
        }
        for name in ["username", "password"] where parts[name, default: ""].isEmpty {
            throw JobError("\(credentials.location): container.credentials.\(name) is empty; give both username and password "
                + "(check that the secret it reads is set)")
        }
        log(nil, "Warning: container.credentials are not used to pull \(container.image.value); give this runner the registry's "
            + "login under registries.credentials in config.yaml")
    }

    /// Starts one service: a sandbox in the job's network namespace running its image's program; waits until its
    /// `--health-cmd` passes when it has one.
    private func startService(_ service: ServiceSpec, joining job: SandboxID) async throws {
        let sandbox = runner.placement.sandbox
        log(nil, "Starting service \(service.name) (image \(service.image))")
        var spec = SandboxSpec(image: .registry(service.image), limits: runner.placement.limits, network: runner.placement.network)
        spec.environment = service.environment
        spec.networkOf = job
        spec.hostname = service.options.hostname ?? service.name
        let id = try await sandbox.create(spec)
        services[service.name] = id
        let arguments = service.entrypoint.map { [$0] + service.arguments } ?? service.arguments
        let program = sandbox.exec(id, ExecRequest(arguments: arguments, user: service.options.user,
                                                   runsImageProgram: service.entrypoint == nil))
        // The service's own output is kept (its end) for the message when it never becomes healthy.
        let output = LockedValue<[UInt8]>([])
        Task {
            do {
                for try await event in program {
                    switch event {
                    case .standardOutput(let bytes), .standardError(let bytes):
                        output.withLock { $0 = Array(($0 + bytes).suffix(2048)) }
                    case .exit(let status):
                        output.withLock { $0 += Array("\n[the service's program ended: \(status)]".utf8) }
                    }
                }
            } catch {
                output.withLock { $0 += Array("\n[the service's program failed: \(error)]".utf8) }
            }
        }
        guard let health = service.options.health else { return }
        for attempt in 1...health.retries {
            if attempt > 1 { try await Task.sleep(for: health.interval) }
            let status = try? await run(["/bin/sh", "-c", health.command], in: id, timeout: health.timeout)
            if status == .exited(0) {
                log(nil, "Service \(service.name) is healthy")
                return
            }
        }
        let said = String(decoding: output.withLock { $0 }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        throw JobError("service \(service.name) did not become healthy: `\(health.command)` failed \(health.retries) times "
            + "\(health.interval) apart; check the service's image, env and --health-cmd"
            + (said.isEmpty ? "" : "\nits last output:\n\(said)"))
    }

    /// The services to start. One whose image evaluates to "" is left out, as GitHub does, so a workflow can make
    /// a service conditional (`image: ${{ matrix.db && 'postgres:16' || '' }}`).
    private func evaluateServices() throws -> [ServiceSpec] {
        guard let services = definition.job.services else { return [] }
        guard case .value(let list) = services else {
            throw JobError("\(services.location): services given as an expression are not supported; write them out")
        }
        var started: [(Service, String)] = []
        for service in list.value {
            let image = try evaluateTemplate(service.container.image, scope: nil).coercedString
            if image.isEmpty {
                log(nil, "Service \(service.name.value) is not started: its image evaluates to an empty name")
            } else {
                started.append((service, image))
            }
        }
        guard !started.isEmpty else { return [] }
        guard !runner.placement.isHost else {
            throw JobError("\(services.location): services need sandboxes, but the job's runs-on label runs on the host itself; "
                + "use a docker:// label")
        }
        return try started.map { service, image in
            let options = try service.container.options.map { try ContainerOptions.parse($0.value) } ?? ContainerOptions()
            if !options.ignored.isEmpty {
                log(nil, "Warning: service \(service.name.value): options \(options.ignored.joined(separator: " ")) are not honoured "
                    + "(a sandbox never gets privileges, devices, volumes or another network)")
            }
            let command = try service.container.command.map { try evaluateString($0, scope: nil) } ?? ""
            guard let arguments = ShellWords.split(command) else {
                throw JobError("\(service.container.location): the command of service \(service.name.value) has an unclosed quote")
            }
            return ServiceSpec(name: service.name.value, image: image,
                               environment: try evaluateEnvironment(service.container.env, scope: nil, base: [:]),
                               entrypoint: try service.container.entrypoint.map { try evaluateString($0, scope: nil) },
                               arguments: arguments, options: options)
        }
    }
}

/// A service container, evaluated.
struct ServiceSpec {
    var name: String
    var image: String
    var environment: [String: String]
    /// Replaces the image's entrypoint when given; `arguments` replace its `Cmd` when not empty.
    var entrypoint: String?
    var arguments: [String]
    /// The health check, `--hostname` and `--user`.
    var options: ContainerOptions
}

/// A failure of the job's own making (bad container, unhealthy service), said in the job's log.
struct JobError: Error, Sendable, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
