import Testing
import RunnerCore

@Suite struct LogLineAssemblerTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func joinsChunksIntoLines() {
        var assembler = LogLineAssembler()
        #expect(assembler.append(bytes("ab")) == [])
        #expect(assembler.append(bytes("c\nde")) == ["abc"])
        #expect(assembler.append(bytes("f\n\ng\nh")) == ["def", "", "g"])
        #expect(assembler.flush() == "h")
        #expect(assembler.flush() == nil)
    }

    @Test func carriageReturnBeforeNewlineIsDroppedEvenAcrossChunks() {
        var assembler = LogLineAssembler()
        #expect(assembler.append(bytes("one\r\ntwo\r")) == ["one"])
        #expect(assembler.append(bytes("\nthree\r")) == ["two"])
        #expect(assembler.flush() == "three")
    }

    @Test func aLoneCarriageReturnStaysInTheLine() {
        var assembler = LogLineAssembler()
        #expect(assembler.append(bytes("10%\r50%\r100%\n")) == ["10%\r50%\r100%"])
    }

    @Test func aCharacterSplitBetweenChunksIsDecodedWhole() {
        var assembler = LogLineAssembler()
        let text = bytes("café 🚀\n")
        let rocketStart = text.firstIndex(of: 0xF0)!
        #expect(assembler.append(Array(text[..<4])) == [])             // ends inside "é"
        #expect(assembler.append(Array(text[4..<(rocketStart + 2)])) == [])
        #expect(assembler.append(Array(text[(rocketStart + 2)...])) == ["café 🚀"])
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        var assembler = LogLineAssembler()
        #expect(assembler.append([0x61, 0xFF, 0x62, 0xC3, 0x0A]) == ["a\u{FFFD}b\u{FFFD}"])
    }

    @Test func longLinesAreCutIntoPiecesAsTheyArrive() {
        var assembler = LogLineAssembler(maximumLineBytes: 8)
        #expect(assembler.append(bytes("0123456789")) == ["01234567"])
        #expect(assembler.append(bytes("abcdefghij")) == ["89abcdef"])
        #expect(assembler.append(bytes("\nshort\n")) == ["ghij", "short"])
        // A full piece followed by `\r\n` split between chunks is one line, not a line and an empty one.
        #expect(assembler.append(bytes("exactly8\r")) == [])
        #expect(assembler.append(bytes("\n")) == ["exactly8"])
        #expect(assembler.append(bytes("exactly8\n0123456789abcdefXY\n")) == ["exactly8", "01234567", "89abcdef", "XY"])
    }

    @Test func cutsFallBetweenCharacters() {
        var assembler = LogLineAssembler(maximumLineBytes: 6)
        // "abcd" + 🚀 (4 bytes): a cut at 6 bytes would split the rocket, so the piece ends before it.
        #expect(assembler.append(bytes("abcd🚀ef\n")) == ["abcd", "🚀ef"])
    }

    @Test func theDefaultLimitIs64KiB() {
        var assembler = LogLineAssembler()
        #expect(assembler.maximumLineBytes == 65_536)
        let lines = assembler.append(Array(repeating: UInt8(ascii: "x"), count: 70_000) + [UInt8(ascii: "\n")])
        #expect(lines.map(\.utf8.count) == [65_536, 70_000 - 65_536])
    }
}
