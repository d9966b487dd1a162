/// The folders a job uses inside its sandbox. In a container they sit at fixed places (`/workspace/owner/repo`,
/// `/run/swift-runner/...`), as the reference runner's do; on a `host` label they sit below the sandbox's own
/// folder, so two jobs never share one; on the `native` image below `nativeRoot`, because the host's `/` is
/// nobody's inside the sandbox's user namespace and nothing can be created there.
struct JobPaths: Sendable, Equatable {
    /// "" in a container; the sandbox's folder on the host; `nativeRoot` on `native`.
    let root: String

    /// Inside the sandbox's own `/tmp` (a fresh tmpfs every sandbox may write).
    static let nativeRoot = "/tmp/swift-runner"
    let workspace: String

    init(root: String, repository: String) {
        self.root = root
        let name = repository.isEmpty ? "workspace" : repository
        self.workspace = root + "/workspace/" + name
    }

    var runnerDirectory: String { root + "/run/swift-runner" }
    var temp: String { runnerDirectory + "/temp" }
    var toolCache: String { runnerDirectory + "/tool-cache" }
    var eventFile: String { runnerDirectory + "/event.json" }
    /// Unpacked actions, one folder per action.
    var actions: String { runnerDirectory + "/actions" }

    /// The folder of one step's scripts and file-command files (fresh for every step).
    func stepDirectory(_ number: Int) -> String { runnerDirectory + "/steps/\(number)" }
}
