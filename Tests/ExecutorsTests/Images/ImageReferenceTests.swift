import Testing
@testable import Executors

@Suite struct ImageReferenceTests {
    @Test(arguments: [
        ("node", "docker.io", "library/node", "latest"),
        ("node:22-bookworm", "docker.io", "library/node", "22-bookworm"),
        ("grafana/grafana:10.1", "docker.io", "grafana/grafana", "10.1"),
        ("index.docker.io/library/debian:bookworm", "docker.io", "library/debian", "bookworm"),
        ("127.0.0.1:5000/test/busybox:latest", "127.0.0.1:5000", "test/busybox", "latest"),
        ("localhost/app", "localhost", "app", "latest"),
        ("localhost:5000/a/b/c", "localhost:5000", "a/b/c", "latest"),
        ("ghcr.io/owner/image:v1.2.3", "ghcr.io", "owner/image", "v1.2.3"),
        ("docker.io/foo__bar/a-b.c:t", "docker.io", "foo__bar/a-b.c", "t"),
    ])
    func parsesWithDockerDefaults(text: String, registry: String, repository: String, tag: String) throws {
        let reference = try ImageReference(parsing: text)
        #expect(reference.registry == registry)
        #expect(reference.repository == repository)
        #expect(reference.tag == tag)
        #expect(reference.digest == nil)
    }

    @Test func digestPinsTheManifestAndDropsTheDefaultTag() throws {
        let hex = String(repeating: "ab", count: 32)
        let pinned = try ImageReference(parsing: "127.0.0.1:5000/test/busybox@sha256:\(hex)")
        #expect(pinned.tag == nil)
        #expect(pinned.manifestReference == "sha256:\(hex)")
        let both = try ImageReference(parsing: "debian:bookworm@sha256:\(hex)")
        #expect(both.tag == "bookworm")
        #expect(both.manifestReference == "sha256:\(hex)")
        #expect(both.description == "docker.io/library/debian:bookworm@sha256:\(hex)")
    }

    @Test(arguments: [
        ("", "is empty"),
        ("Node", "uppercase"),
        ("a//b", "empty path component"),
        ("node:", "bad tag"),
        ("node:-x", "bad tag"),
        ("node@sha256:xyz", "bad digest"),
        ("node@md5:abcd", "bad digest"),
        ("a/-b", "bad repository component"),
        ("a/b..c", "bad repository component"),
        ("host:5000/", "empty path component"),
    ])
    func refusesWithAReason(text: String, reason: String) {
        #expect {
            try ImageReference(parsing: text)
        } throws: { error in
            let error = error as! ImageError
            return error.code == .invalidReference && error.message.contains(reason) && error.message.contains("'\(text)'")
        }
    }
}
