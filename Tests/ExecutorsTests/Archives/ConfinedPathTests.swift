import Foundation
import TestSupport
import Testing
@testable import Executors

/// Following symlinks below a folder without ever leaving it.
@Suite struct ConfinedPathTests {
    let scratch: TemporaryDirectory
    let root: String

    init() throws {
        scratch = try TemporaryDirectory()
        root = try scratch.subdirectory("root")
        try FileManager.default.createDirectory(atPath: "\(root)/real/inner", withIntermediateDirectories: true)
    }

    func link(_ name: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: "\(root)/\(name)", withDestinationPath: target)
    }

    @Test func followsLinksThatStayInside() throws {
        try link("alias", to: "real/inner/..")
        try link("real/inner/up", to: "../../alias")
        #expect(try ConfinedPath.resolve("alias/inner", under: root) == "\(root)/real/inner")
        #expect(try ConfinedPath.resolve("real/inner/up/inner", under: root) == "\(root)/real/inner")
        #expect(try ConfinedPath.resolve("", under: root) == root)
        #expect(try ConfinedPath.resolve("missing/file", under: root) == "\(root)/missing/file", "a missing part is the caller's to find")
    }

    @Test func refusesEveryWayOut() throws {
        try link("absolute", to: "/etc")
        try link("real/inner/top", to: "../..")
        try link("climb", to: "real/inner/top/..")
        for path in ["..", "real/../..", "absolute/passwd", "climb"] {
            #expect(throws: ImageError.self, "\(path)") { try ConfinedPath.resolve(path, under: root) }
        }
        do {
            _ = try ConfinedPath.resolve("climb", under: root)
        } catch {
            #expect(error.message == "'climb' leads outside \(root) through the symlink 'real/inner/top' → '../..'")
        }
    }

    @Test func aLinkLoopIsAnErrorNotAHang() throws {
        try link("ping", to: "pong")
        try link("pong", to: "ping")
        #expect { try ConfinedPath.resolve("ping", under: root) } throws: { error in
            (error as? ImageError)?.message.contains("more than 40 symlinks") == true
        }
    }
}
