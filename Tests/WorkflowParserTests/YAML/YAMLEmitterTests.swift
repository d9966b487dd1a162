import Testing
@testable import WorkflowParser

@Suite struct YAMLEmitterTests {
    /// `value: <scalar>` as the emitter writes it, and the string read back from that document.
    private func roundTrip(_ text: String) throws -> (document: String, value: ScalarValue?) {
        let root = YAMLNode(.mapping([YAMLPair(key: YAMLNode(scalar: .string("value"), at: Self.here),
                                               value: YAMLNode(scalar: .string(text), at: Self.here))]), at: Self.here)
        let document = YAMLEmitter.document(root)
        let loaded = try YAMLLoader().load(document, file: "emitted.yml")
        return (document, loaded?["value"]?.scalar?.value)
    }

    private static let here = SourceLocation(file: "test", line: 1, column: 1)

    /// Strings that read as another type, in YAML 1.2 or in the YAML 1.1 of Forgejo's own parser.
    @Test(arguments: [
        ("on", "'on'"), ("yes", "'yes'"), ("Off", "'Off'"), ("y", "'y'"), ("3.10", "'3.10'"), ("true", "'true'"),
        ("null", "'null'"), ("~", "'~'"), ("", "''"), ("0x1F", "'0x1F'"), ("1_000", "'1_000'"), ("1:30", "'1:30'"),
        (".5", "'.5'"), ("-1", "'-1'"), ("+.5", "'+.5'"), ("<<", "'<<'"), ("=", "'='"), (".inf", "'.inf'"),
    ])
    func stringsThatWouldChangeTypeAreQuoted(text: String, spelling: String) throws {
        let (document, value) = try roundTrip(text)
        #expect(document == "value: \(spelling)\n")
        #expect(value == .string(text))
    }

    /// Strings that would end the value early, start another node, or lose their blanks.
    @Test(arguments: [
        ("a: b", "'a: b'"), ("x #y", "'x #y'"), ("*ref", "'*ref'"), ("&anchor", "'&anchor'"), ("!tag", "'!tag'"),
        ("%percent", "'%percent'"), ("@at", "'@at'"), ("`tick", "'`tick'"), ("- item", "'- item'"), ("key:", "'key:'"),
        ("? what", "'? what'"), ("[list]", "'[list]'"), ("{map}", "'{map}'"), ("#comment", "'#comment'"),
        ("|pipe", "'|pipe'"), (">fold", "'>fold'"), (" lead", "' lead'"), ("trail ", "'trail '"),
        ("it's: here", "'it''s: here'"), ("'quoted'", "'''quoted'''"), ("\"dq\"", "'\"dq\"'"), ("...", "'...'"),
        ("tab\there", "'tab\there'"), ("bell\u{7}", "\"bell\\u0007\""), ("nel\u{85}x", "\"nel\\u0085x\""),
        ("bom\u{FEFF}", "\"bom\\uFEFF\""), ("a\r\nb", "\"a\\r\\nb\""), ("\n", "\"\\n\""),
        ("a\n  \nb", "\"a\\n  \\nb\""),
    ])
    func stringsThatWouldBreakTheDocumentAreQuoted(text: String, spelling: String) throws {
        let (document, value) = try roundTrip(text)
        #expect(document == "value: \(spelling)\n")
        #expect(value == .string(text))
    }

    @Test(arguments: ["ubuntu-latest", "echo hello, world [ok] {x}", "ünïcödé ✓", "a:b", "x#y", "v1.2"])
    func ordinaryStringsStayPlain(text: String) throws {
        let (document, value) = try roundTrip(text)
        #expect(document == "value: \(text)\n")
        #expect(value == .string(text))
    }

    @Test(arguments: [
        ("echo a\necho b\n", "|\n  echo a\n  echo b\n"),
        ("a\nb", "|-\n  a\n  b\n"),
        ("a\n\n", "|+\n  a\n\n"),
        ("  indented\nx\n", "|2\n    indented\n  x\n"),
        ("\n\nafter blank lines\n", "|\n\n\n  after blank lines\n"),
        ("tabs\tinside\n\tand first\n", "|\n  tabs\tinside\n  \tand first\n"),
    ])
    func multiLineStringsAreLiteralBlocks(text: String, spelling: String) throws {
        let (document, value) = try roundTrip(text)
        #expect(document == "value: \(spelling)")
        #expect(value == .string(text))
    }

    @Test func otherScalarsKeepTheirTypeAndSpelling() throws {
        let text = "value: [0x1F, 3.10, 1e3, .inf, -.inf, .nan, ~, true, False, !!float 1, !!str 12, !!int \"7\", '']\n"
        let original = try #require(try YAMLLoader().load(text, file: "in.yml"))
        let document = YAMLEmitter.document(original)
        #expect(document == """
            value:
              - 0x1F
              - 3.10
              - 1e3
              - .inf
              - -.inf
              - .nan
              - ~
              - true
              - False
              - 1.0
              - '12'
              - 7
              - ''

            """)
        let reloaded = try #require(try YAMLLoader().load(document, file: "out.yml"))
        #expect(sameYAML(original, reloaded))
    }

    @Test func nestedCollectionsInBlockStyle() throws {
        let original = try #require(try YAMLLoader().load(
            "a: [x, {b: 1, c: [2, 3]}, [], [n1, n2]]\nd: {}\nsteps:\n- run: |\n    one\n    two\n- |\n  alone\n",
            file: "in.yml"))
        let document = YAMLEmitter.document(original)
        #expect(document == """
            a:
              - x
              - b: 1
                c:
                  - 2
                  - 3
              - []
              - - n1
                - n2
            d: {}
            steps:
              - run: |
                  one
                  two
              - |
                alone

            """)
        let reloaded = try #require(try YAMLLoader().load(document, file: "out.yml"))
        #expect(sameYAML(original, reloaded))
    }

    @Test func indentedBlocksInsideSequences() throws {
        let steps = YAMLNode(.sequence([
            YAMLNode(.mapping([YAMLPair(key: YAMLNode(scalar: .string("run"), at: Self.here),
                                        value: YAMLNode(scalar: .string(" x\ny"), at: Self.here))]), at: Self.here),
            YAMLNode(scalar: .string("  z\n"), at: Self.here),
        ]), at: Self.here)
        let document = YAMLEmitter.document(steps)
        #expect(document == "- run: |2-\n     x\n    y\n- |2\n    z\n")
        let reloaded = try #require(try YAMLLoader().load(document, file: "out.yml"))
        #expect(sameYAML(steps, reloaded))
    }

    @Test func keysAreQuotedLikeValues() throws {
        func pair(_ key: String, _ value: ScalarValue) -> YAMLPair {
            YAMLPair(key: YAMLNode(scalar: .string(key), at: Self.here), value: YAMLNode(scalar: value, at: Self.here))
        }
        let root = YAMLNode(.mapping([pair("on", .string("push")), pair("a\nb", .int(1))]), at: Self.here)
        #expect(YAMLEmitter.document(root) == "'on': push\n\"a\\nb\": 1\n")
    }

    @Test func rootsThatAreNoCollection() {
        #expect(YAMLEmitter.document(YAMLNode(scalar: .string("x"), at: Self.here)) == "x\n")
        #expect(YAMLEmitter.document(YAMLNode(.mapping([]), at: Self.here)) == "{}\n")
        #expect(YAMLEmitter.document(YAMLNode(.sequence([]), at: Self.here)) == "[]\n")
    }
}
