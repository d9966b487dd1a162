@testable import RunnerCore

extension DaemonSettings {
    /// Settings with the fast intervals tests need; the rest as config.yaml's defaults.
    static func forTests(capacity: Int, fetchInterval: Duration, reportInterval: Duration) -> DaemonSettings {
        var settings = DaemonSettings()
        settings.capacity = capacity
        settings.fetchInterval = fetchInterval
        settings.reportInterval = reportInterval
        return settings
    }
}
