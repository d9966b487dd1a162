import Testing
import RunnerCore

/// `exec --secret-file` and `--env-file`: act's `.secrets` and `.env` files mean the same here.
@Suite struct DotEnvFileTests {
    /// act's testdata/secrets/.secrets and .env.
    @Test func actsSecretsAndEnvFiles() throws {
        let secrets = try DotEnvFile.parse("""
            MY_SECRET=top-secret
            MULTILINE_SECRET="foo\\nbar\\nbaz"
            JSON_SECRET={"foo": "bar"}
            """, file: ".secrets")
        #expect(secrets.map(\.key) == ["MY_SECRET", "MULTILINE_SECRET", "JSON_SECRET"])
        #expect(secrets.map(\.value) == ["top-secret", "foo\nbar\nbaz", #"{"foo": "bar"}"#])
    }

    @Test func commentsExportQuotesAndLinesThatContinue() throws {
        let pairs = try DotEnvFile.parse("""
            # a comment

            export NAME = value with spaces  # trailing comment
            EMPTY=
            RAW='a\\nb # kept'
            ESCAPED="tab\\there \\"quoted\\" back\\\\slash"
            LONG="first
            second"
            URL=http://host/#fragment\r
            """, file: ".env")
        #expect(pairs.map(\.key) == ["NAME", "EMPTY", "RAW", "ESCAPED", "LONG", "URL"])
        #expect(pairs.map(\.value) == ["value with spaces", "", "a\\nb # kept", "tab\there \"quoted\" back\\slash",
                                       "first\nsecond", "http://host/#fragment"])
    }

    @Test func badLinesSayWhere() {
        #expect(throws: DotEnvError.self) { try DotEnvFile.parse("OK=1\njust words\n", file: "f") }
        do {
            _ = try DotEnvFile.parse("OK=1\nOPEN=\"never closed\nstill open\n", file: "f.env")
            Issue.record("an unclosed quote was accepted")
        } catch {
            #expect(error.description.hasPrefix("f.env:2: the value of OPEN opens \" but never closes it"))
        }
    }
}
