import Testing
import RunnerCore

@Suite struct WorkflowCommandTests {
    @Test func parsesNamePropertiesAndMessage() {
        #expect(WorkflowCommand.parse("::set-output name=result,kind=json::{\"a\": 1}")
                == WorkflowCommand(name: "set-output", properties: ["name": "result", "kind": "json"],
                                   message: "{\"a\": 1}"))
        #expect(WorkflowCommand.parse("::endgroup::") == WorkflowCommand(name: "endgroup", message: ""))
        #expect(WorkflowCommand.parse("::debug::a::b")?.message == "a::b")
    }

    @Test func namesAndKeysIgnoreCaseAndLeadingWhitespaceIsAllowed() {
        #expect(WorkflowCommand.parse("  \t::SET-Output NAME=x,EndLine=3::v")
                == WorkflowCommand(name: "set-output", properties: ["name": "x", "endline": "3"], message: "v"))
    }

    @Test func messageEscapesAreDecodedOnce() {
        #expect(WorkflowCommand.parse("::error::100%25 done%0D%0Anext")?.message == "100% done\r\nnext")
        #expect(WorkflowCommand.parse("::error::%250A stays")?.message == "%0A stays")
        // Only properties escape `:` and `,`; unknown and lower-case codes stay as written.
        #expect(WorkflowCommand.parse("::error::%3A%2C %zz %0a 5%")?.message == "%3A%2C %zz %0a 5%")
    }

    @Test func propertyEscapesIncludeTheSeparators() {
        let command = WorkflowCommand.parse("::warning file=C%3A\\src%2Cx.c,title=50%25%0Aoff::m")
        #expect(command?.properties == ["file": "C:\\src,x.c", "title": "50%\noff"])
    }

    @Test func malformedPropertiesAreDropped() {
        let command = WorkflowCommand.parse("::notice a=1, b=2 ,=3,c=,d,e==f::m")
        #expect(command?.properties == ["a": "1", "b": "2 ", "e": "=f"])
    }

    @Test(arguments: ["plain output", "x ::debug::not at the start", "::debug no end", ":::: empty name",
                      ":: debug::space before the name", ": :debug::", ""])
    func ordinaryLinesAreNotCommands(line: String) {
        #expect(WorkflowCommand.parse(line) == nil)
    }
}
