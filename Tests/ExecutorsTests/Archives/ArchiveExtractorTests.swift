import Foundation
import TestSupport
import Testing
@testable import Executors

/// The options that set repository archives apart from image layers; the rules both share (no `..`, no absolute
/// paths, never through a symlink) are tested through `LayerUnpackerTests`.
@Suite struct ArchiveExtractorTests {
    let scratch: TemporaryDirectory
    let root: String

    init() throws {
        scratch = try TemporaryDirectory()
        root = try scratch.subdirectory("root")
    }

    func unpack(_ entries: [TarFixture.Entry], with extractor: ArchiveExtractor) throws {
        let archive = "\(scratch.path)/archive-\(UUID().uuidString).tar.gz"
        try TarFixture.write(entries, to: archive)
        try extractor.unpack(archive: archive, into: root, label: "the test archive")
    }

    func refusal(_ entries: [TarFixture.Entry], with extractor: ArchiveExtractor) -> ImageError? {
        do {
            try unpack(entries, with: extractor)
            return nil
        } catch {
            return error as? ImageError
        }
    }

    @Test func stripsTheTopFolderFromEntriesAndHardLinks() throws {
        try unpack([
            TarFixture.directory("repo-v1/"), TarFixture.file("repo-v1/action.yml", "name: a\n"),
            TarFixture.Entry(path: "repo-v1/copy.yml", kind: .hardlink(to: "repo-v1/action.yml")),
        ], with: ArchiveExtractor(stripsTopFolder: true))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["action.yml", "copy.yml"])
        #expect(try String(contentsOfFile: "\(root)/copy.yml", encoding: .utf8) == "name: a\n")
    }

    @Test func entriesOutsideTheOneTopFolderAreRefused() {
        let strip = ArchiveExtractor(stripsTopFolder: true)
        let second = refusal([TarFixture.file("a/x", "x"), TarFixture.file("b/y", "y")], with: strip)
        #expect(second?.code == .invalidContent)
        #expect(second?.message == "the test archive: entry 'b/y' is outside the top folder 'a'; a repository archive keeps everything inside one folder")
        #expect(refusal([TarFixture.file("loose", "x")], with: strip)?.message.contains("sits beside the top folder") == true)
    }

    @Test func linksLeadingOutAreRefusedOnlyWhenConfined() throws {
        let entries = [TarFixture.directory("a"), TarFixture.symlink("a/b", to: ".."), TarFixture.symlink("c", to: "a/b/..")]
        try unpack(entries, with: ArchiveExtractor())
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(root)/c") == "a/b/..", "image layers keep any link")
        let confined = refusal(entries, with: ArchiveExtractor(confinesSymlinks: true))
        #expect(confined?.code == .unsafeLayer)
        #expect(confined?.message.contains("'c' leads outside the unpacked archive through the symlink 'a/b' → '..'") == true)
        #expect(refusal([TarFixture.symlink("etc", to: "/etc")], with: ArchiveExtractor(confinesSymlinks: true))?.code == .unsafeLayer)
    }

    @Test func specialModeBitsAreDroppedWhenAsked() throws {
        try unpack([TarFixture.file("tool", "#!/bin/sh\n", mode: 0o6755)], with: ArchiveExtractor(keepsSpecialModes: false))
        var info = stat()
        #expect(lstat("\(root)/tool", &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o755)
    }

    @Test func theUnpackedSizeIsCapped() {
        let error = refusal([TarFixture.file("a", String(repeating: "a", count: 600)), TarFixture.file("b", String(repeating: "b", count: 600))],
                            with: ArchiveExtractor(maximumUnpackedSize: 1000))
        #expect(error?.code == .invalidContent)
        #expect(error?.message == "the test archive unpacks to more than 1000 bytes (reached at 'b'); refused as too large")
    }
}
