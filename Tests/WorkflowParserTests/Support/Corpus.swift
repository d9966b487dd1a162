import Foundation

/// The shared test corpora at `../shared/corpora` beside the repository; tests that need them skip, saying so,
/// when the folder is absent.
enum Corpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/corpora")

    static func folder(_ name: String) -> URL { root.appendingPathComponent(name) }

    static func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: folder(name).path)
    }

    /// The `.yml`/`.yaml` files directly in `name`, sorted.
    static func workflowFiles(_ name: String) -> [URL] {
        let urls = (try? FileManager.default.contentsOfDirectory(at: folder(name), includingPropertiesForKeys: nil)) ?? []
        return urls.filter { ["yml", "yaml"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
    }
}
