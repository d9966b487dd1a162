import Executors
import WorkflowParser

/// The version line: ours first, then the C libraries that parse YAML, talk HTTP and unpack archives.
public enum VersionInfo {
    public static let version = "0.1.0"

    public static var text: String {
        "swift-runner \(version) (libyaml \(LibYAML.version), libcurl \(LinkedLibraries.curlVersion), "
            + "libarchive \(LinkedLibraries.archiveVersion))"
    }
}
