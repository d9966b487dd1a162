import Testing
@testable import Executors

@Suite struct AuthChallengeTests {
    @Test func readsDockerHubsBearerChallenge() {
        let header = #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull""#
        #expect(AuthChallenge.parse(header) == [AuthChallenge(scheme: "bearer", parameters: [
            "realm": "https://auth.docker.io/token", "service": "registry.docker.io", "scope": "repository:library/node:pull",
        ])])
    }

    @Test func readsSeveralChallengesEscapesAndUnquotedValues() {
        let header = #"Basic realm="a \"quoted\" realm", Bearer realm=https://auth.example/token,service=reg"#
        #expect(AuthChallenge.parse(header) == [
            AuthChallenge(scheme: "basic", parameters: ["realm": #"a "quoted" realm"#]),
            AuthChallenge(scheme: "bearer", parameters: ["realm": "https://auth.example/token", "service": "reg"]),
        ])
    }

    @Test func junkYieldsNoParameters() {
        #expect(AuthChallenge.parse("") == [])
        #expect(AuthChallenge.parse(#"Bearer realm="unterminated"#) == [AuthChallenge(scheme: "bearer", parameters: [:])])
    }
}
