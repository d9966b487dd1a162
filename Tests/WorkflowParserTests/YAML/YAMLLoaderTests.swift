import Testing
@testable import WorkflowParser

private func load(_ text: String, limits: YAMLLimits = .default) throws -> YAMLNode {
    guard let node = try YAMLLoader(limits: limits).load(text, file: "w.yml") else {
        Issue.record("expected a document")
        return YAMLNode(.sequence([]), at: SourceLocation(file: "w.yml", line: 0, column: 0))
    }
    return node
}

/// The error `text` must give; the test fails when it loads.
private func loadError(_ text: String, limits: YAMLLimits = .default) -> YAMLError? {
    do {
        _ = try YAMLLoader(limits: limits).load(text, file: "w.yml")
        Issue.record("expected an error for: \(text.prefix(60))")
        return nil
    } catch {
        return error
    }
}

@Suite struct YAMLLoaderTests {
    @Test func keysAndValuesKeepOrderAndPositions() throws {
        let root = try load("name: ci\non:\n  push:\n    branches: [main]\njobs: {}\n")
        let pairs = try #require(root.mapping)
        #expect(pairs.map(\.name) == ["name", "on", "jobs"])
        #expect(pairs[1].key.location == SourceLocation(file: "w.yml", line: 2, column: 1))
        let push = try #require(root["on"]?["push"])
        #expect(push.location.line == 4 && push.location.column == 5)
        let branch = try #require(push["branches"]?.sequence?.first)
        #expect(branch.location == SourceLocation(file: "w.yml", line: 4, column: 16))
        #expect(branch.scalar?.text == "main")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try load("ä: ö\nkey: value\n")
        #expect(root["ä"]?.location.column == 4)
    }

    @Test(arguments: [
        ("true", ScalarValue.bool(true)), ("True", .bool(true)), ("FALSE", .bool(false)),
        ("yes", .string("yes")), ("on", .string("on")), ("off", .string("off")),
        ("null", .null), ("~", .null), ("", .null), ("Null", .null),
        ("42", .int(42)), ("-7", .int(-7)), ("+3", .int(3)), ("0x1F", .int(31)), ("0o17", .int(15)),
        ("3.10", .float(3.1)), ("1e3", .float(1000)), (".5", .float(0.5)), ("-.inf", .float(-.infinity)),
        (".nan", .float(.nan)), ("1.2.3", .string("1.2.3")), ("0x", .string("0x")), ("1e", .string("1e")),
        ("v1", .string("v1")), ("12:30", .string("12:30")),
    ])
    func plainScalarsResolveWithTheCoreSchema(text: String, expected: ScalarValue) throws {
        let root = try load("k: \(text)\n")
        #expect(root["k"]?.scalar?.value == expected)
    }

    @Test func quotedAndTaggedScalarsStayStrings() throws {
        let root = try load("a: 'true'\nb: \"42\"\nc: !!str 3.10\nd: |\n  null\ne: !!int \"7\"\n")
        #expect(root["a"]?.scalar?.value == .string("true"))
        #expect(root["a"]?.scalar?.style == .singleQuoted)
        #expect(root["b"]?.scalar?.value == .string("42"))
        #expect(root["c"]?.scalar?.value == .string("3.10"))
        #expect(root["c"]?.tag == "tag:yaml.org,2002:str")
        #expect(root["d"]?.scalar?.value == .string("null\n"))
        #expect(root["d"]?.scalar?.style == .literal)
        #expect(root["e"]?.scalar?.value == .int(7))
    }

    @Test func anchorsAndAliasesExpand() throws {
        let root = try load("base: &b\n  x: 1\nuse: *b\nlist: [&i item, *i]\n")
        #expect(root["use"]?["x"]?.scalar?.value == .int(1))
        #expect(root["use"]?.location.line == 1)  // the anchored mapping, where it was written
        #expect(root["list"]?.sequence?.map { $0.scalar?.text } == ["item", "item"])
    }

    @Test func mergeKeysKeepExplicitKeysAndOrder() throws {
        let root = try load("""
            a: &a {x: 1, y: 2}
            b: &b {y: 3, z: 4}
            c:
              first: 0
              <<: [*a, *b]
              x: 9
            """)
        let merged = try #require(root["c"]?.mapping)
        #expect(merged.map(\.name) == ["first", "y", "z", "x"])
        #expect(root["c"]?["x"]?.scalar?.value == .int(9))
        #expect(root["c"]?["y"]?.scalar?.value == .int(2))
    }

    @Test func mergeKeyOfAScalarIsAnError() {
        let error = loadError("a:\n  <<: 3\n")
        #expect(error?.message.contains("merge key") == true)
        #expect(error?.location.line == 2)
    }

    @Test func aliasBombStopsAfterBoundedWork() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let error = loadError(text)
        #expect(error?.message.contains("alias bomb") == true)
        #expect(error.map { $0.location.line <= 6 } == true)
    }

    @Test func depthLimit() {
        let text = String(repeating: "[", count: 30) + String(repeating: "]", count: 30)
        let error = loadError(text, limits: YAMLLimits(maximumDepth: 20))
        #expect(error?.message == "nesting is deeper than 20 levels")
        #expect(error?.location.column == 21)
    }

    @Test func fileSizeLimit() {
        let error = loadError("key: " + String(repeating: "x", count: 200), limits: YAMLLimits(maximumFileSize: 100))
        #expect(error?.message.contains("more than the limit of 100") == true)
    }

    @Test func duplicateKeysNameBothPositions() {
        let error = loadError("jobs:\n  build: {}\n  test: {}\n  build: {}\n")
        #expect(error?.location == SourceLocation(file: "w.yml", line: 4, column: 3))
        #expect(error?.message.contains("first at line 2, column 3") == true)
    }

    @Test func duplicateKeysCanBeRecoveredFrom() throws {
        let (root, problems) = try YAMLLoader().loadRecovering(bytes: Array("a: 1\nb: 2\na: 3\n".utf8), file: "w.yml")
        #expect(root?.mapping?.map(\.name) == ["a", "b"])
        #expect(root?["a"]?.scalar?.value == .int(1))
        #expect(problems.map(\.location.line) == [3])
    }

    @Test func unusedAnchorsAreReportedWhereDefined() throws {
        let text = "a: &used\n  k: 1\nb: *used\nc: &unused\n  k: 2\nd: &alsoUnused [1]\n"
        let (_, problems) = try YAMLLoader().loadRecovering(bytes: Array(text.utf8), file: "w.yml")
        #expect(problems.map(\.location.description) == ["w.yml:4:4", "w.yml:6:4"])
        #expect(problems.first?.message.hasPrefix("anchor &unused is defined but no alias uses it") == true)
        #expect(try YAMLLoader().load(text, file: "w.yml") != nil)
    }

    @Test func secondDocumentIsAnError() {
        let error = loadError("a: 1\n---\nb: 2\n")
        #expect(error?.location.line == 2)
        #expect(error?.message.contains("second YAML document") == true)
    }

    @Test func invalidUTF8IsPositioned() {
        var bytes = Array("name: ok\nrun: ".utf8)
        bytes += [0xC3, 0x28]
        do {
            _ = try YAMLLoader().load(bytes: bytes, file: "w.yml")
            Issue.record("expected an error")
        } catch {
            #expect(error.location == SourceLocation(file: "w.yml", line: 2, column: 6))
            #expect(error.message.contains("invalid UTF-8 byte 0xC3"))
        }
    }

    @Test func tabIndentationIsExplained() {
        let error = loadError("jobs:\n\tbuild: x\n")
        #expect(error?.message.contains("tab character") == true)
        #expect(error?.location.line == 2 && error?.location.column == 1)
    }

    @Test func syntaxErrorsArePositioned() {
        let error = loadError("a: [1, 2\nb: 3\n")
        #expect(error?.location.file == "w.yml")
        #expect((error?.location.line ?? 0) >= 1)
        #expect(error?.description.hasPrefix("w.yml:") == true)
    }

    @Test func undefinedAliasIsAnError() {
        let error = loadError("a: *missing\n")
        #expect(error?.message.contains("*missing") == true)
    }

    @Test func complexKeysAreRefused() {
        let error = loadError("? [a, b]\n: c\n")
        #expect(error?.message.contains("mapping key must be a plain value") == true)
    }

    @Test func emptyFileHasNoDocument() throws {
        #expect(try YAMLLoader().load("# only a comment\n", file: "w.yml") == nil)
        #expect(try YAMLLoader().load("", file: "w.yml") == nil)
    }
}
