/// The config.yaml `swift-runner generate-config` prints: every key with its default and a comment saying what it
/// does. forgejo-runner's keys come first, in its order, so an admin switching runners finds theirs; those that
/// make no sense without Docker are kept, marked as not used, so the same file works for both runners.
public enum ConfigTemplate {
    /// The label `register` uses when none is given, and the example config declares.
    public static let defaultLabel = "docker:docker://node:22-bookworm"

    public static let text = """
        # swift-runner's config.yaml. Every key shows its default; `swift-runner --config FILE ...` reads it.
        # The log, runner, cache, container and host sections are forgejo-runner's, so its config keeps working.

        log:
          # How much the daemon logs: trace, debug, info, warn or error.
          level: info
          # Not used by swift-runner: every line of a job goes to Forgejo.
          job_level: info

        runner:
          # The runner's credentials, written by `swift-runner register`. Keep it private: its token is the runner.
          file: .runner
          # How many jobs run at once.
          capacity: 1
          # Variables every job gets, NAME: value.
          envs: {}
          # A file of NAME=value lines every job gets, read when it exists.
          env_file: .env
          # The longest a job may run; then it is cancelled and reported as such.
          timeout: 3h
          # After SIGTERM, how long running jobs may go on before they are cancelled (0: cancel at once).
          shutdown_timeout: 0s
          # Skip checking the instance's TLS certificate: only for a test instance with a self-signed one.
          insecure: false
          # The longest one request for a job may take, and the pause between two requests.
          fetch_timeout: 5s
          fetch_interval: 2s
          # How often a running job's log and state are sent to Forgejo.
          report_interval: 1s
          # NAME:SCHEMA. A job runs here when its runs-on names are all among these names; SCHEMA says where:
          #   docker://IMAGE       a sandbox from IMAGE (on fence.default_pool when set, else on this machine)
          #   fence://IMAGE@POOL   a sandbox on a host of that fence pool
          #   host                 on this machine, without isolation: only for jobs you fully trust
          labels:
            - \(defaultLabel)

        # Not used by swift-runner: jobs use Forgejo's own cache service or none.
        cache:
          enabled: true
          dir: ""
          host: ""
          port: 0
          external_server: ""

        # Not used by swift-runner: there is no Docker. Jobs run in user-namespaced sandboxes, never privileged,
        # on fence hosts (fence below) or on this machine.
        container:
          network: ""
          privileged: false
          options: ""
          workdir_parent: ""
          valid_volumes: []
          docker_host: ""
          force_pull: false

        # Not used by swift-runner: host jobs work in a fresh folder of their own.
        host:
          workdir_parent: ""

        # swift-runner's own keys.

        # The Forgejo release the runner serves, 11 or 15: reusable workflows and lint follow its rules.
        forgejo_version: 11

        fence:
          # Pools of fence hosts, the machines where job sandboxes run, reached over OpenSSH with a forced command.
          pools: {}
          #   fleet:
          #     hosts: [ssh://swift-runner@fence-1.example:22, ssh://swift-runner@fence-2.example:22]
          #     key: /etc/swift-runner/fence_ed25519               # the key in the hosts' authorized_keys
          #     known_hosts: /etc/swift-runner/fence_known_hosts   # pinned host keys: a changed key is refused
          # The pool docker:// labels run in; unset runs them on this machine.
          # default_pool: fleet

        registries:
          # Registries reached over plain HTTP besides loopback ones, as host:port.
          insecure: []
          # Logins by registry: username with password_file (keeps the secret out of this file) or password.
          credentials: {}
          #   registry.example: {username: ci-puller, password_file: /etc/swift-runner/registry-password}

        metrics:
          # host:port for a Prometheus /metrics listener (jobs running, results, fetch errors, log rows waiting).
          # addr: 127.0.0.1:9101

        """
}
