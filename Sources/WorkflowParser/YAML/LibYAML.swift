import CYaml

/// The libyaml this binary was linked with.
public enum LibYAML {
    public static var version: String { String(cString: yaml_get_version_string()) }
}
