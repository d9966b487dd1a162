import Foundation

/// `.runner`: a registered runner's identity, in forgejo-runner's format (indented JSON with the keys `WARNING`,
/// `id`, `uuid`, `name`, `token`, `address`, `labels`), so a runner registered by either program works with the
/// other. The token in it is the runner's whole identity: the file is written mode 0600, and this value prints
/// without it.
public struct RunnerFile: Sendable, Equatable, CustomStringConvertible {
    /// The runner's number on the instance; 0 when written offline (`create-runner-file`), where it is not known.
    public var id: Int64
    public var uuid: String
    public var name: String
    public var token: String
    /// The instance URL.
    public var address: String
    /// Full label specs (`docker:docker://node:22-bookworm`); config.yaml's `runner.labels` override them.
    public var labels: [String]

    /// The sentence the file opens with, as forgejo-runner's does: what the file is and what removing it does.
    public static let warning = "This file is written by swift-runner register and holds this runner's credentials: "
        + "keep it private and do not edit it. Removing it makes the runner register again as a new runner."

    public init(id: Int64, uuid: String, name: String, token: String, address: String, labels: [String]) {
        self.id = id
        self.uuid = uuid
        self.name = name
        self.token = token
        self.address = address
        self.labels = labels
    }

    public var credentials: RunnerCredentials { RunnerCredentials(uuid: uuid, token: token) }

    public var description: String { "runner \(name) (id \(id), uuid \(uuid)) at \(address)" }

    /// The file's text: two-space indented JSON in forgejo-runner's key order, ending with a newline.
    public var text: String {
        let labelLines = labels.map { "    \(Self.json($0))" }.joined(separator: ",\n")
        return """
            {
              "WARNING": \(Self.json(Self.warning)),
              "id": \(id),
              "uuid": \(Self.json(uuid)),
              "name": \(Self.json(name)),
              "token": \(Self.json(token)),
              "address": \(Self.json(address)),
              "labels": \(labels.isEmpty ? "[]" : "[\n\(labelLines)\n  ]")
            }

            """
    }

    /// A JSON string literal.
    private static func json(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    /// Reads a `.runner` written by swift-runner or forgejo-runner.
    public static func read(from path: String) throws(RunnerFileError) -> RunnerFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunnerFileError("cannot read \(path): register the runner first (swift-runner register), or give "
                                  + "the path of its .runner file in config.yaml's runner.file")
        }
        let stored: Stored
        do {
            stored = try JSONDecoder().decode(Stored.self, from: data)
        } catch {
            throw RunnerFileError("\(path) is not a runner file (JSON with uuid, token and address): \(error)")
        }
        for (key, value) in [("uuid", stored.uuid), ("token", stored.token), ("address", stored.address)] where value.isEmpty {
            throw RunnerFileError("\(path) has an empty \(key): remove the file and register the runner again")
        }
        return RunnerFile(id: stored.id ?? 0, uuid: stored.uuid, name: stored.name ?? "", token: stored.token,
                          address: stored.address, labels: stored.labels ?? [])
    }

    /// The keys read; forgejo-runner writes `labels: null` for none, and older files may lack `id` or `name`.
    private struct Stored: Decodable {
        var id: Int64?
        var uuid: String
        var name: String?
        var token: String
        var address: String
        var labels: [String]?
    }

    /// Writes the file with mode 0600, atomically: a new file in the same folder, synced, then renamed over the
    /// old one, so a crash leaves either the old file or the whole new one, and the token is never readable by
    /// others, not even for a moment.
    public func write(to path: String) throws(RunnerFileError) {
        let folder = (path as NSString).deletingLastPathComponent
        var template = Array("\(folder.isEmpty ? "." : folder)/.runner-XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)  // creates the file with mode 0600
        guard descriptor >= 0 else {
            throw RunnerFileError("cannot create a file in \(folder.isEmpty ? "." : folder) to write \(path): "
                                  + String(cString: strerror(errno)))
        }
        let temporary = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            written += count
        }
        let synced = written == bytes.count && fchmod(descriptor, 0o600) == 0 && fsync(descriptor) == 0
        let failure = String(cString: strerror(errno))
        close(descriptor)
        guard synced, rename(temporary, path) == 0 else {
            let reason = synced ? String(cString: strerror(errno)) : failure
            unlink(temporary)
            throw RunnerFileError("cannot write \(path): \(reason)")
        }
    }
}

/// A `.runner` file or offline secret that cannot be used, and what to do about it.
public struct RunnerFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
