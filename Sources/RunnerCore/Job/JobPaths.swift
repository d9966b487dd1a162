/// The folders a job uses inside its sandbox. In a container they sit at fixed places (`/workspace/owner/repo`,
/// `/run/swift-runner/...`), as the reference runner's do, also on `native`, whose `/` the job does not own: the
/// sandbox hands it their tops (`ownedDirectories`). On a `host` label they sit below the sandbox's own folder, so
/// two jobs never share one.
struct JobPaths: Sendable, Equatable {
    /// "" in a container; the sandbox's folder on the host.
    let root: String
    let workspace: String

    init(root: String, repository: String) {
        self.root = root
        let name = repository.isEmpty ? "workspace" : repository
        self.workspace = root + "/workspace/" + name
    }

    var runnerDirectory: String { root + "/run/swift-runner" }

    /// The tops of the folders above, for a container: its root owns them from the start.
    static let ownedDirectories = ["/workspace", "/run/swift-runner"]
    var temp: String { runnerDirectory + "/temp" }
    var toolCache: String { runnerDirectory + "/tool-cache" }
    /// `HOME` of the steps: the job's own, as GitHub's `/github/home` (an image's home may be read-only or nobody's).
    var home: String { runnerDirectory + "/home" }
    var eventFile: String { runnerDirectory + "/event.json" }
    /// Unpacked actions, one folder per action.
    var actions: String { runnerDirectory + "/actions" }

    /// Every step's script and file-command files, named by the step's number.
    var stepFiles: String { runnerDirectory + "/steps" }
}
