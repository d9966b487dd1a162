import Testing
@testable import Executors

@Suite struct LinkedLibrariesTests {
    /// The versions come from the linked C libraries themselves, as dotted numbers.
    @Test func versionsAreDottedNumbers() throws {
        for version in [LinkedLibraries.curlVersion, LinkedLibraries.archiveVersion] {
            let parts = version.split(separator: ".")
            #expect(parts.count == 3, "\(version)")
            #expect(parts.allSatisfy { Int($0) != nil }, "\(version)")
        }
    }
}
