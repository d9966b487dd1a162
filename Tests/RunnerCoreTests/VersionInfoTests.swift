import Testing
import RunnerCore

@Suite struct VersionInfoTests {
    @Test func versionLineNamesTheLinkedLibraries() {
        #expect(VersionInfo.text.hasPrefix("swift-runner \(VersionInfo.version) (libyaml 0."))
        #expect(VersionInfo.text.contains(", libcurl "))
        #expect(VersionInfo.text.contains(", libarchive "))
    }
}
