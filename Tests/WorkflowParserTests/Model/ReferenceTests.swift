import Testing
@testable import WorkflowParser

enum RemoteWorkflowTests {
    static func remote(_ text: String) throws -> RemoteWorkflow {
        guard case .remote(let workflow) = try ReusableWorkflowReference.parse(text) else {
            throw ReferenceError("not a short remote reference: \(text)")
        }
        return workflow
    }
}

@Suite struct ActionReferenceTests {
    @Test func forms() throws {
        #expect(try ActionReference.parse("./tools/action") == .local(path: "tools/action"))
        #expect(try ActionReference.parse("docker://alpine:3.20") == .docker(image: "alpine:3.20"))
        guard case .repository(let plain) = try ActionReference.parse("actions/checkout@v4") else {
            Issue.record("expected a repository action")
            return
        }
        #expect(plain.owner == "actions" && plain.repository == "checkout" && plain.path == nil && plain.ref == "v4")
        #expect(plain.instance == nil && !plain.isPinnedToCommit)
        guard case .repository(let nested) = try ActionReference.parse(
            "https://code.forgejo.org/owner/repo/sub/dir@8f4b7f84864484a7bf31766abe9204da3cbe65b3") else {
            Issue.record("expected a repository action")
            return
        }
        #expect(nested.instance == "https://code.forgejo.org" && nested.path == "sub/dir" && nested.isPinnedToCommit)
        #expect(nested.description == "https://code.forgejo.org/owner/repo/sub/dir@8f4b7f84864484a7bf31766abe9204da3cbe65b3")
    }

    @Test(arguments: [
        ("", "an empty uses: names no action"),
        ("actions/checkout", "has no @ref"),
        ("actions/checkout@", "has an empty ref"),
        ("checkout@v4", "is not of the form owner/repo@ref"),
        ("owner//x@v1", "is not of the form"),
        ("../up", "a local action must start with ./"),
        ("/abs/path", "a local action must start with ./"),
        ("docker://", "names no valid image"),
        ("docker://image:", "names no valid image"),
        ("https://host/owner@v1", "is not of the form https://host/owner/repo@ref"),
    ])
    func badReferencesSayWhatToWrite(text: String, message: String) {
        #expect {
            _ = try ActionReference.parse(text)
        } throws: { error in
            (error as? ReferenceError)?.message.contains(message) == true
        }
    }
}

@Suite struct ReusableWorkflowReferenceTests {
    @Test func forms() throws {
        #expect(try ReusableWorkflowReference.parse("./.forgejo/workflows/build.yml") == .local(path: ".forgejo/workflows/build.yml"))
        let remote = try RemoteWorkflowTests.remote("owner/repo/.forgejo/workflows/build.yaml@v2")
        #expect(remote.owner == "owner" && remote.repository == "repo" && remote.ref == "v2")
        #expect(remote.path == ".forgejo/workflows/build.yaml")
        guard case .fullURL(let instance, let workflow) = try ReusableWorkflowReference.parse(
            "https://forge.example/owner/repo/.forgejo/workflows/build.yml@main") else {
            Issue.record("expected the full-URL form")
            return
        }
        #expect(instance == "https://forge.example" && workflow.path == ".forgejo/workflows/build.yml")
    }

    @Test(arguments: [
        ("./.forgejo/workflows/build.yml@v1", "a local reusable workflow takes no @ref"),
        (".forgejo/workflows/build.yml", "has no @ref"),
        ("owner/repo@v1", "names a repository but no workflow file"),
        ("owner/repo/.forgejo/workflows/build.txt@v1", "must end in .yml or .yaml"),
        ("../x.yml", "must start with ./"),
    ])
    func badReferences(text: String, message: String) {
        #expect {
            _ = try ReusableWorkflowReference.parse(text)
        } throws: { error in
            (error as? ReferenceError)?.message.contains(message) == true
        }
    }
}
