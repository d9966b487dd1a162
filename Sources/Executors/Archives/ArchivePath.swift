/// An archive entry's path, split into components that are safe to create one by one under an unpack root: no absolute
/// path, no `..`, no empty or `.` parts left (a leading `./`, as `tar -C dir .` writes, is fine, and so is an entry for the root itself). A hostile path
/// is refused, never "cleaned", so an archive that tries to escape fails loudly instead of landing somewhere surprising.
struct ArchivePath: Equatable, CustomStringConvertible {
    let components: [String]

    init(_ raw: String) throws(ImageError) {
        let parts = raw.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
        // A lone `/` names the root itself (umoci writes one); any other absolute path is refused.
        guard !raw.hasPrefix("/") || parts.isEmpty else {
            throw ImageError(.unsafeLayer, "archive entry '\(raw)' has an absolute path; archives may only hold relative paths")
        }
        guard !parts.contains("..") else {
            throw ImageError(.unsafeLayer, "archive entry '\(raw)' contains '..'; archives may not point outside their root")
        }
        guard !raw.utf8.contains(0) else {
            throw ImageError(.unsafeLayer, "archive entry '\(raw)' contains a NUL byte")
        }
        components = parts
    }

    init(components: [String]) {
        self.components = components
    }

    /// The root itself (`./`): nothing to create.
    var isRoot: Bool { components.isEmpty }
    var name: String { components.last ?? "." }
    var parent: ArchivePath { ArchivePath(components: Array(components.dropLast())) }

    var description: String { components.joined(separator: "/") }
}
