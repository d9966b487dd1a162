import CArchive
import Foundation
import TestSupport
import Testing
@testable import Executors

@Suite struct LayerUnpackerTests {
    let scratch: TemporaryDirectory
    let root: String

    init() throws {
        scratch = try TemporaryDirectory()
        root = try scratch.subdirectory("root")
    }

    func unpack(_ entries: [TarFixture.Entry], with unpacker: LayerUnpacker = LayerUnpacker(ownerOffset: nil, whiteouts: .apply),
                into directory: String? = nil) throws {
        let archive = "\(scratch.path)/layer-\(UUID().uuidString).tar.gz"
        try TarFixture.write(entries, to: archive)
        try unpacker.unpack(archive: archive, into: directory ?? root)
    }

    func lstatInfo(_ path: String) -> stat? {
        var info = stat()
        return lstat(path, &info) == 0 ? info : nil
    }

    func expectRefused(_ entries: [TarFixture.Entry], mentioning text: String) {
        #expect {
            try unpack(entries)
        } throws: { error in
            guard let error = error as? ImageError else { return false }
            return error.code == .unsafeLayer && error.message.contains(text)
        }
    }

    @Test func unpacksFilesDirectoriesLinksAndModes() throws {
        try unpack([
            TarFixture.directory("./bin", mode: 0o755),
            TarFixture.file("./bin/tool", "#!/bin/sh\n", mode: 0o4755),
            TarFixture.symlink("./bin/sh", to: "tool"),
            TarFixture.Entry(path: "bin/again", kind: .hardlink(to: "bin/tool")),
            TarFixture.file("deep/implicit/parents.txt", "x", mode: 0o600),
            TarFixture.directory("locked", mode: 0o500),
        ])
        #expect(try String(contentsOfFile: "\(root)/bin/tool", encoding: .utf8) == "#!/bin/sh\n")
        #expect(lstatInfo("\(root)/bin/tool").map { $0.st_mode & 0o7777 } == 0o4755)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(root)/bin/sh") == "tool")
        #expect(lstatInfo("\(root)/bin/again")?.st_ino == lstatInfo("\(root)/bin/tool")?.st_ino)
        #expect(lstatInfo("\(root)/deep/implicit/parents.txt").map { $0.st_mode & 0o777 } == 0o600)
        #expect(lstatInfo("\(root)/bin/tool")?.st_mtim.tv_sec == 1_700_000_000)
        #expect(lstatInfo("\(root)/locked").map { $0.st_mode & 0o777 } == 0o700, "without an owner offset, directories stay writable to us")
    }

    @Test func skipsDeviceNodes() throws {
        try unpack([TarFixture.Entry(path: "dev/null", kind: .characterDevice, mode: 0o666), TarFixture.file("kept", "k")])
        #expect(lstatInfo("\(root)/dev/null") == nil)
        #expect(lstatInfo("\(root)/kept") != nil)
    }

    @Test func refusesParentDirectoryPaths() {
        expectRefused([TarFixture.file("../escaped", "x")], mentioning: "'..'")
        expectRefused([TarFixture.file("a/../../escaped", "x")], mentioning: "'..'")
        #expect(lstatInfo("\(scratch.path)/escaped") == nil)
    }

    @Test func refusesAbsolutePathsButAcceptsAnEntryForTheRoot() throws {
        expectRefused([TarFixture.file("/etc/escaped", "x")], mentioning: "absolute path")
        try unpack([TarFixture.directory("/"), TarFixture.directory("./"), TarFixture.file("./kept", "k")])
        #expect(FileManager.default.fileExists(atPath: "\(root)/kept"))
    }

    @Test func neverWritesThroughARelativeSymlink() throws {
        let outside = try scratch.subdirectory("outside")
        expectRefused([TarFixture.symlink("link", to: "../outside"), TarFixture.file("link/escaped", "x")], mentioning: "symlink")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
    }

    @Test func neverWritesThroughAnAbsoluteSymlink() throws {
        let outside = try scratch.subdirectory("outside-absolute")
        expectRefused([TarFixture.symlink("etc", to: outside), TarFixture.file("etc/passwd", "x")], mentioning: "symlink")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
    }

    @Test func aFileOverASymlinkReplacesTheLinkNotItsTarget() throws {
        let outside = "\(scratch.path)/target-file"
        try "original".write(toFile: outside, atomically: false, encoding: .utf8)
        try unpack([TarFixture.symlink("victim", to: outside), TarFixture.file("victim", "replaced")])
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "original")
        #expect(try String(contentsOfFile: "\(root)/victim", encoding: .utf8) == "replaced")
        #expect(lstatInfo("\(root)/victim").map { $0.st_mode & S_IFMT } == S_IFREG)
    }

    @Test func aHardlinkMayNotReachOutsideTheRoot() {
        expectRefused([TarFixture.Entry(path: "stolen", kind: .hardlink(to: "../outside-file"))], mentioning: "'..'")
    }

    @Test func applyModeWhiteoutsDeleteAndOpaqueDirectoriesHideLowerContent() throws {
        try unpack([
            TarFixture.file("etc/keep", "k"), TarFixture.file("etc/gone", "g"),
            TarFixture.file("opaque/lower", "l"), TarFixture.directory("opaque/lowerdir"),
        ])
        try unpack([
            TarFixture.file("etc/.wh.gone", ""),
            TarFixture.file("opaque/upper", "u"),
            TarFixture.file("opaque/implicit/child", "c"),
            TarFixture.file("opaque/.wh..wh..opq", ""),
        ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(root)/etc") == ["keep"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(root)/opaque").sorted() == ["implicit", "upper"])
    }

    @Test func aWhiteoutOfDotDotIsRefused() {
        expectRefused([TarFixture.file("a/.wh...", "")], mentioning: "not a name")
    }

    @Test(.enabled(if: geteuid() == 0, "overlay whiteouts (0:0 devices, trusted.* xattrs) and chown need root"))
    func overlayModeWritesOverlayWhiteoutsAndShiftsOwners() throws {
        let unpacker = LayerUnpacker(ownerOffset: 100_000, whiteouts: .overlay)
        try unpack([
            TarFixture.file("home/user/file", "u", uid: 1000),
            TarFixture.file("home/user/.wh.removed", ""),
            TarFixture.directory("var/cache"),
            TarFixture.file("var/cache/.wh..wh..opq", ""),
            TarFixture.file("odd", "o", uid: 4_000_000),
        ], with: unpacker)
        let whiteout = lstatInfo("\(root)/home/user/removed")
        #expect(whiteout.map { $0.st_mode & S_IFMT } == S_IFCHR)
        #expect(whiteout?.st_rdev == 0)
        var value = [UInt8](repeating: 0, count: 8)
        #expect(getxattr("\(root)/var/cache", "trusted.overlay.opaque", &value, value.count) == 1 && value[0] == UInt8(ascii: "y"))
        #expect(lstatInfo("\(root)/home/user/file")?.st_uid == 101_000)
        #expect(lstatInfo("\(root)/home/user/file")?.st_gid == 101_000)
        #expect(lstatInfo("\(root)/odd")?.st_uid == 165_534, "ids beyond the namespace range become nobody")
        #expect(lstatInfo("\(root)/home")?.st_uid == 100_000, "directories no entry lists belong to the sandbox's root")
    }

    @Test func aBrokenArchiveIsAClearError() throws {
        let archive = "\(scratch.path)/broken.tar.gz"
        try Data([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: archive))
        #expect(throws: ImageError.self) { try LayerUnpacker(ownerOffset: nil, whiteouts: .apply).unpack(archive: archive, into: root) }
    }
}
