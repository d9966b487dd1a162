import Executors
import Foundation

/// One download of a repository archive, turned into an unpacked tree of the cache: the archive goes to a temporary
/// file, is unpacked into a temporary folder with the safety rules of `ArchiveExtractor` (and its single top folder
/// stripped), and only a complete tree is renamed into `trees/`. Any failure removes both temporaries, so the cache
/// never holds half an action. Blocking: run it off the concurrency pool.
struct ActionDownload {
    let http: HTTPClient
    let limits: ActionLimits
    let layout: ActionCacheLayout

    /// Downloads `source` and returns its tree; an archive already unpacked before (same bytes) is reused as it is.
    func tree(for source: ActionSource) throws(ActionError) -> String {
        let context = "action \(source.action)"
        let scratch = layout.scratch(source.cacheKey)
        let archive: DownloadFile
        let response: HTTPResponse
        do {
            archive = try DownloadFile(path: "\(scratch).tar.gz", limit: limits.archiveSize, tooLarge: "the archive at "
                + "\(source.archiveURL) is larger than the limit for actions (\(ActionLimits.describe(limits.archiveSize))); refused")
            response = try http.send(source.request, allowPlainHTTP: source.allowsPlainHTTP, into: .stream(archive))
        } catch {
            throw ActionError(error, context: context)
        }
        try Self.expectSuccess(response, source: source)
        let tree = layout.tree(archive.digest)
        if FileManager.default.fileExists(atPath: tree) { return tree }
        guard mkdir(scratch, 0o755) == 0 else {
            throw ActionError(.storage, "\(context): cannot create \(scratch): \(String(cString: strerror(errno)))")
        }
        let extractor = ArchiveExtractor(stripsTopFolder: true, confinesSymlinks: true, keepsSpecialModes: false,
                                         maximumUnpackedSize: limits.unpackedSize)
        do {
            try extractor.unpack(archive: archive.path, into: scratch, label: "the archive")
        } catch {
            try? FileManager.default.removeItem(atPath: scratch)
            throw ActionError(error, context: "\(context) from \(source.archiveURL)")
        }
        // Another key may have unpacked the very same archive meanwhile: its tree is as good as ours.
        if rename(scratch, tree) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: scratch)
            guard FileManager.default.fileExists(atPath: tree) else {
                throw ActionError(.storage, "\(context): cannot move the unpacked action to \(tree): \(reason)")
            }
        }
        return tree
    }

    /// 404 means a wrong name or ref; any other failure names its status and the start of the server's answer.
    private static func expectSuccess(_ response: HTTPResponse, source: ActionSource) throws(ActionError) {
        guard !response.succeeded else { return }
        let action = source.action
        let named = "action \(action.owner)/\(action.repository)@\(action.ref)"
        switch response.status {
        case 404:
            throw ActionError(.notFound, "\(named) not found at \(source.archiveURL): check the name and ref")
        case 401, 403:
            let hint = source.authorization == nil
                ? "the repository may be private; only the task's own instance receives the job's token"
                : "the job's token may not read this repository"
            throw ActionError(.download,
                              "\(named): \(source.archiveURL) answered HTTP \(response.status) (\(hint)): \(response.bodyExcerpt)")
        default:
            throw ActionError(.download, "\(named): \(source.archiveURL) answered HTTP \(response.status): \(response.bodyExcerpt); "
                + "try again later, or check the server")
        }
    }
}
