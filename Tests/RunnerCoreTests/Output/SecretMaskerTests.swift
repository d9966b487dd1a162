import Foundation
import Testing
import RunnerCore

@Suite struct SecretMaskerTests {
    @Test func masksEveryOccurrenceAndLeavesTheRest() {
        let masker = SecretMasker()
        masker.add("hunter2-abc")
        #expect(masker.mask("login hunter2-abc, again:hunter2-abc.") == "login ***, again:***.")
        #expect(masker.mask("hunter2-ab is not it") == "hunter2-ab is not it")
    }

    @Test func withoutSecretsLinesPassUnchanged() {
        let masker = SecretMasker()
        #expect(masker.mask("nothing to hide") == "nothing to hide")
        masker.add("")
        masker.add("  \t ")
        #expect(masker.mask("  \t indented") == "  \t indented")
    }

    @Test func secretsAddedAfterMaskingTakeEffect() {
        let masker = SecretMasker()
        masker.add("first-secret")
        #expect(masker.mask("first-secret second-secret") == "*** second-secret")
        masker.add("second-secret")
        #expect(masker.mask("first-secret second-secret") == "*** ***")
    }

    @Test func multiLineSecretsAreMaskedLineByLine() {
        let masker = SecretMasker()
        masker.add("-----BEGIN KEY-----\r\nMIIEvQIBADANBg\nkqhkiG9w0BAQEF\r\n\n-----END KEY-----\n")
        #expect(masker.mask("-----BEGIN KEY-----") == "***")
        #expect(masker.mask("  MIIEvQIBADANBg") == "  ***")
        #expect(masker.mask("kqhkiG9w0BAQEF trailing") == "*** trailing")
        #expect(masker.mask("-----END KEY-----") == "***")
        #expect(masker.mask("MIIEvQIBADANBg\nkqhkiG9w0BAQEF") == "***\n***")
        // Lines are trimmed: the indentation of a YAML or PEM block is not part of the secret.
        masker.add("config:\n    indented-token  \n")
        #expect(masker.mask("token=indented-token;") == "token=***;")
    }

    @Test func overlappingAndTouchingSecretsBecomeOneMask() {
        let masker = SecretMasker()
        masker.add("abcdef")
        masker.add("defghi")
        masker.add("token")
        masker.add("token-long")
        masker.add("xyz")
        // Overlap: nothing of either secret is left.
        #expect(masker.mask("[abcdefghi]") == "[***]")
        // The longer of two secrets with a common start wins.
        #expect(masker.mask("a token-long b") == "a *** b")
        #expect(masker.mask("a token-short b") == "a ***-short b")
        // Touching occurrences do not show where one ends.
        #expect(masker.mask("tokenxyz") == "***")
        // A secret inside another.
        masker.add("cde")
        #expect(masker.mask("abcdef") == "***")
        #expect(masker.mask("cde") == "***")
    }

    @Test func unicodeSecretsAndTextAroundThem() {
        let masker = SecretMasker()
        masker.add("pässwörd🔑")
        masker.add("日本")
        #expect(masker.mask("x pässwörd🔑 y") == "x *** y")
        #expect(masker.mask("語pässwörd🔑語 日本語") == "語***語 ***語")
        #expect(masker.mask("passwörd🔑") == "passwörd🔑")
    }

    @Test func aSecretSplitAcrossTwoChunksIsStillMasked() {
        let masker = SecretMasker()
        masker.add("s3cr3t-välue")
        var assembler = LogLineAssembler()
        let bytes = Array("before\nthe s3cr3t-välue is here\r\nafter".utf8)
        // Split inside the secret, inside `ä`, and between `\r` and `\n`.
        let splitInSecret = bytes.firstIndex(of: UInt8(ascii: "-"))! + 3
        let splitAtNewline = bytes.lastIndex(of: UInt8(ascii: "\n"))!
        var lines = assembler.append(Array(bytes[..<splitInSecret]))
        lines += assembler.append(Array(bytes[splitInSecret..<splitAtNewline]))
        lines += assembler.append(Array(bytes[splitAtNewline...]))
        lines += assembler.flush().map { [$0] } ?? []
        #expect(lines.map(masker.mask) == ["before", "the *** is here", "after"])
    }

    @Test func aThousandSecretsMaskAsTheNaiveLoopDoes() {
        var random = SplitMix64(seed: 42)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        let word = { (random: inout SplitMix64, length: Int) in
            String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
        }
        let secrets = (0..<1000).map { _ in word(&random, Int.random(in: 16...40, using: &random)) }
        let masker = SecretMasker()
        secrets.forEach(masker.add)
        let longestFirst = secrets.sorted { $0.count > $1.count }

        var maskedLines = 0
        for _ in 0..<200 {
            let line = (0..<Int.random(in: 1...20, using: &random)).map { _ in
                Int.random(in: 0..<4, using: &random) == 0
                    ? secrets.randomElement(using: &random)! : word(&random, Int.random(in: 1...12, using: &random))
            }.joined(separator: Bool.random(using: &random) ? " " : " = ")
            let naive = longestFirst.reduce(line) { $0.replacingOccurrences(of: $1, with: "***") }
            #expect(masker.mask(line) == naive)
            if naive != line { maskedLines += 1 }
        }
        #expect(maskedLines > 120)
    }

    /// On three letters secrets overlap, nest and repeat all the time, which exercises every failure link.
    @Test func overlapsOnASmallAlphabetMatchABruteForceSearch() {
        var random = SplitMix64(seed: 7)
        let word = { (random: inout SplitMix64, length: Int) in
            String((0..<length).map { _ in "abc".randomElement(using: &random)! })
        }
        for _ in 0..<300 {
            let secrets = (0..<Int.random(in: 1...6, using: &random)).map { _ in
                word(&random, Int.random(in: 1...5, using: &random))
            }
            let masker = SecretMasker()
            secrets.forEach(masker.add)
            let text = word(&random, Int.random(in: 0...40, using: &random)) + "."
            #expect(masker.mask(text) == Self.bruteForceMask(text, secrets), "secrets \(secrets)")
        }
    }

    /// Marks every character inside any occurrence, then writes each run of marked characters as one `***`.
    private static func bruteForceMask(_ text: String, _ secrets: [String]) -> String {
        let characters = Array(text)
        var covered = [Bool](repeating: false, count: characters.count)
        for secret in secrets.map(Array.init) {
            for start in 0..<characters.count where characters[start...].starts(with: secret) {
                for index in start..<(start + secret.count) { covered[index] = true }
            }
        }
        var result = ""
        for (index, character) in characters.enumerated() {
            if !covered[index] {
                result.append(character)
            } else if index == 0 || !covered[index - 1] {
                result += "***"
            }
        }
        return result
    }

    @Test func masksWhileOtherTasksAddSecrets() async {
        let masker = SecretMasker()
        masker.add("always-there")
        let results = await withTaskGroup(of: String.self) { group in
            for index in 0..<8 {
                group.addTask {
                    masker.add("secret-number-\(index)")
                    return masker.mask("always-there secret-number-\(index)")
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: "*** ***", count: 8))
    }
}

/// A seeded generator, so a failing random case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
