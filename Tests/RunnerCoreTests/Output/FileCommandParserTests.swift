import Testing
import RunnerCore

@Suite struct FileCommandParserTests {
    /// `NAME=value` per pair, so results compare as plain strings.
    private func parse(_ text: String, file: String = "GITHUB_OUTPUT") throws(FileCommandError) -> [String] {
        try FileCommandParser.parseKeyValues(text, file: file).map { "\($0.name)=\($0.value)" }
    }

    private func error(_ text: String, file: String = "GITHUB_OUTPUT") -> FileCommandError? {
        #expect(throws: FileCommandError.self) { try FileCommandParser.parseKeyValues(text, file: file) }
    }

    @Test func keyValueLinesKeepOrderDuplicatesAndLaterEquals() throws {
        #expect(try parse("A=1\nURL=https://x?a=b\n\n  \nA=2\nEMPTY=\n")
                == ["A=1", "URL=https://x?a=b", "A=2", "EMPTY="])
        #expect(try parse("") == [])
    }

    @Test func heredocValuesJoinTheirLines() throws {
        let text = "NOTES<<EOF\nfirst\n\n  third  \nEOF\nNEXT=x\nEMPTY<<END\nEND"
        #expect(try FileCommandParser.parseKeyValues(text, file: "GITHUB_ENV").map(\.value)
                == ["first\n\n  third  ", "x", ""])
    }

    @Test func crlfLineEndsAreAccepted() throws {
        #expect(try parse("A=1\r\nB<<EOF\r\nx\r\ny\r\nEOF\r\nC=3\r\n") == ["A=1", "B=x\ny", "C=3"])
    }

    @Test func theDelimiterLineMustMatchExactly() throws {
        #expect(try parse("A<<EOF\n EOF\nEOF \neof\nEOF\n") == ["A= EOF\nEOF \neof"])
    }

    @Test func theFirstOfEqualsAndHeredocDecides() throws {
        #expect(try parse("A=b<<c") == ["A=b<<c"])
        #expect(try parse("A<<E=F\nvalue\nE=F") == ["A=value"])
    }

    @Test func anEmptyNameIsAnError() {
        let error = error("A=1\n=value", file: "GITHUB_ENV")
        #expect(error == FileCommandError(file: "GITHUB_ENV", line: 2,
                                          message: "'=value' has no name before '=': write NAME=value"))
        #expect(error?.description == "GITHUB_ENV line 2: '=value' has no name before '=': write NAME=value")
        #expect(self.error("\n<<EOF\nx\nEOF")
                == FileCommandError(file: "GITHUB_OUTPUT", line: 2,
                                    message: "'<<EOF' has no name before '<<': write NAME<<EOF"))
    }

    @Test func aLineThatIsNeitherFormIsAnError() {
        #expect(error("A=1\nB=2\njust text") == FileCommandError(file: "GITHUB_OUTPUT", line: 3, message:
            "'just text' is neither NAME=value nor NAME<<DELIMITER: write NAME=value, or NAME<<EOF, the value's lines, "
            + "then a line EOF"))
    }

    @Test func anUnclosedHeredocIsAnErrorAtItsFirstLine() {
        #expect(error("A=1\nBODY<<MARK\nline\nMARK \n", file: "GITHUB_STATE") == FileCommandError(
            file: "GITHUB_STATE", line: 2,
            message: "the value of BODY started with 'BODY<<MARK' was not closed: add a line `MARK`"))
    }

    @Test func anEmptyDelimiterIsAnError() {
        #expect(error("X<<\nvalue\n") == FileCommandError(file: "GITHUB_OUTPUT", line: 1, message:
            "'X<<' has no delimiter after '<<': write X<<EOF, then the value's lines, then a line EOF"))
    }

    @Test func pathsAreTrimmedNonEmptyLines() {
        #expect(FileCommandParser.parsePaths("/opt/a/bin\n\n  /home/u/.local/bin  \r\n\t\n/usr/local/go/bin")
                == ["/opt/a/bin", "/home/u/.local/bin", "/usr/local/go/bin"])
        #expect(FileCommandParser.parsePaths("") == [])
    }
}
