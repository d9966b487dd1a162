import CArchive
import CCurl

/// Versions of the C libraries Executors uses, for `--version` and bug reports.
public enum LinkedLibraries {
    public static var curlVersion: String {
        guard let info = curl_version_info(SR_CURLVERSION_NOW), let version = info.pointee.version else { return "unknown" }
        return String(cString: version)
    }

    public static var archiveVersion: String {
        let number = Int(archive_version_number())  // e.g. 3006002 for 3.6.2
        return "\(number / 1_000_000).\(number / 1_000 % 1_000).\(number % 1_000)"
    }
}
