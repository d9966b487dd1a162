/// Container options this runner never grants: a privileged container, the host's network or namespaces, or the
/// Docker socket. Each would hand the job the machine it runs on.
struct SandboxRule: LintRule {
    static let id = RuleID.sandbox
    static let summary = "no --privileged, host network or namespaces, extra capabilities, or Docker socket"

    /// An option (or its start) and why it is refused.
    static let refusedOptions: [(option: String, reason: String)] = [
        ("--privileged", "a privileged container"),
        ("--network=host", "the host's network"), ("--network host", "the host's network"),
        ("--net=host", "the host's network"), ("--net host", "the host's network"),
        ("--pid=host", "the host's processes"), ("--pid host", "the host's processes"),
        ("--ipc=host", "the host's IPC namespace"), ("--userns=host", "the host's user namespace"),
        ("--cap-add", "extra capabilities"), ("--device", "host devices"),
        ("--security-opt seccomp=unconfined", "a container without seccomp"),
        ("--security-opt=seccomp=unconfined", "a container without seccomp"),
    ]

    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        var containers = job.container.map { [$0] } ?? []
        containers += (job.services?.literal ?? []).map(\.container)
        for container in containers {
            if let options = container.options {
                for (option, reason) in Self.refusedOptions where options.value.containsText(option) {
                    sink.error("this runner never grants \(reason) (\(option)); remove it from options",
                               at: options.location)
                }
            }
            for volume in container.volumes where volume.value.containsText("docker.sock") {
                sink.error("this runner never mounts the Docker socket: it would give the job root on the fence "
                           + "host; build images with a daemonless tool (buildah, kaniko) instead", at: volume.location)
            }
        }
    }
}
