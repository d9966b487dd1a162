import Foundation
import Testing

@testable import WorkflowParser

@Suite("hashFiles")
struct ExpressionHashFilesTests {
    /// Expected hashes were computed independently (Python's hashlib: SHA-256 over the files' SHA-256 digests).
    private let helloHash = "ecb65bb98f9d905b70458986c39fcbad7715e5f2fcc3b1f07767d7c83e2438cc"

    private func hash(_ patterns: String, _ files: [String: String]) throws -> ExpressionValue {
        try evaluateExpression("hashFiles(\(patterns))", fileSystem: InMemoryWorkspace(files: files))
    }

    @Test func hashesTheDigestsOfTheMatchingFiles() throws {
        #expect(try hash("'hello.txt'", ["hello.txt": "hello\n", "other.txt": "x"]) == .string(helloHash))
        #expect(try hash("'**/*.txt', '!other.txt'", ["hello.txt": "hello\n", "other.txt": "x"]) == .string(helloHash))
    }

    @Test func visitsNamesInByteOrderDepthFirst() throws {
        // "a" sorts before "a.txt", so a/x.txt is hashed first, although "a.txt" < "a/x.txt" as whole paths.
        let files = ["a.txt": "top a\n", "a/x.txt": "in dir a\n"]
        #expect(try hash("'**'", files) == "a622ebded840e291c2fd338dbf11016b3b42c83d4df88dfbcf88ece5fd5e4828")
    }

    @Test func matchesNothingAsTheEmptyString() throws {
        #expect(try hash("'*.lock'", ["hello.txt": "hello\n"]) == "")
        #expect(try hash("'../outside/**'", ["hello.txt": "hello\n"]) == "")
        #expect(try hash("'# only a comment'", ["hello.txt": "hello\n"]) == "")
    }

    @Test func directoriesCoverTheirContentsAndExclusionsApplyBelow() throws {
        let files = ["src/hello.txt": "hello\n", "src/node_modules/x.txt": "x", "docs/y.txt": "y"]
        #expect(try hash("'src', '!**/node_modules'", files) == .string(helloHash))
        #expect(try hash("'src/\n!src/node_modules/'", files) == .string(helloHash))
        #expect(try hash("'/work/repo/src/*.txt'", files) == .string(helloHash))
        #expect(try hash("'./src/../src/h?llo.[st]xt'", files) == .string(helloHash))
    }

    @Test func failsWithoutAWorkspace() throws {
        let error = try #require(expressionFailure("hashFiles('**')"))
        #expect(error.kind == .evaluation)
        #expect(error.message.hasPrefix("hashFiles() is not available here"))
    }

    @Test func readsTheLocalDisk() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hashfiles-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("a"), withIntermediateDirectories: true)
        try "top a\n".write(to: root.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "in dir a\n".write(to: root.appendingPathComponent("a/x.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("link-to-a"), withDestinationURL: root.appendingPathComponent("a"))
        let fileSystem = LocalFileSystem(root: root.path + "/")
        #expect(fileSystem.kind(of: "link-to-a") == .other)
        #expect(fileSystem.kind(of: "a") == .directory)
        #expect(fileSystem.kind(of: "missing") == nil)
        #expect(
            try evaluateExpression("hashFiles('**')", fileSystem: fileSystem)
                == "a622ebded840e291c2fd338dbf11016b3b42c83d4df88dfbcf88ece5fd5e4828")
    }
}

@Suite("hashFiles patterns")
struct ExpressionGlobPatternTests {
    private func pattern(_ line: String) throws -> GlobPattern {
        try #require(GlobPattern(line: line, rootSegments: ["ws"]))
    }

    @Test func wildcardsMatchWithinOneName() throws {
        let name = NamePattern("*.t?t")
        #expect(name.matches("a.txt"))
        #expect(name.matches(".hidden.tst"))
        #expect(!name.matches("a.text"))
        #expect(NamePattern("[a-c]x").matches("bx"))
        #expect(!NamePattern("[!a-c]x").matches("bx"))
        #expect(NamePattern("[]]").matches("]"))
        #expect(NamePattern("\\*").matches("*"))
        #expect(!NamePattern("\\*").matches("x"))
        #expect(NamePattern("[ab").matches("[ab"))
        #expect(NamePattern("a*b*c").matches("aXbYbZc"))
    }

    @Test func doubleStarSpansDirectories() throws {
        let any = try pattern("src/**/*.c")
        #expect(any.matches(["ws", "src", "a.c"]))
        #expect(any.matches(["ws", "src", "x", "y", "a.c"]))
        #expect(!any.matches(["ws", "lib", "a.c"]))
        #expect(any.couldMatchBelow(["ws", "src", "x"]))
        #expect(!any.couldMatchBelow(["ws", "lib"]))
        #expect(try pattern("src/**").matches(["ws", "src"]))
    }

    @Test func linesAreTrimmedNegatedAndRooted() throws {
        #expect(GlobPattern(line: "   ", rootSegments: ["ws"]) == nil)
        #expect(GlobPattern(line: "# note", rootSegments: ["ws"]) == nil)
        let excluded = try pattern("  !!!a/  ")
        #expect(excluded.isExclusion)
        #expect(excluded.matchesDirectoriesOnly)
        #expect(!(try pattern("!!a").isExclusion))
        #expect(try pattern("a/*/b").literalPrefix == ["ws", "a"])
        #expect(try pattern("/abs/x").literalPrefix == ["abs", "x"])
        #expect(try pattern("x").descendantsPattern?.matches(["ws", "x", "y", "z"]) == true)
        #expect(try pattern("x/**").descendantsPattern == nil)
    }
}
