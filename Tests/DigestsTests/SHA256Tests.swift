import Testing
import Digests

@Suite("SHA-256")
struct SHA256Tests {
    private func digest(_ chunks: [[UInt8]]) -> String {
        var hash = SHA256()
        for chunk in chunks { hash.update(chunk) }
        return SHA256.hex(hash.finalize())
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func standardVectors(_ message: String, _ expected: String) {
        #expect(digest([Array(message.utf8)]) == expected)
    }

    @Test func aMillionAs() {
        #expect(
            digest([[UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)])
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func chunkBoundariesDoNotMatter() {
        let message = Array((0..<300).map { UInt8($0 % 251) })
        let whole = digest([message])
        for split in [1, 55, 56, 63, 64, 65, 128, 299] {
            #expect(digest([Array(message[..<split]), [], Array(message[split...])]) == whole, "split at \(split)")
        }
    }
}
