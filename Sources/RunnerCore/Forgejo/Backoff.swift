/// How often and how long to wait before trying a call again: `first`, then twice the last wait, never more than
/// `maximum`, for at most `attempts` tries in all.
public struct Backoff: Sendable, Equatable {
    public var attempts: Int
    public var first: Duration
    public var maximum: Duration

    public init(attempts: Int, first: Duration, maximum: Duration) {
        self.attempts = attempts
        self.first = first
        self.maximum = maximum
    }

    /// `register` waiting for an instance that is starting: 10 tries over about a minute.
    public static let registration = Backoff(attempts: 10, first: .seconds(1), maximum: .seconds(8))

    /// The wait after failed try number `attempt` (from 1).
    public func delay(afterAttempt attempt: Int) -> Duration {
        var delay = first
        for _ in 1..<max(1, attempt) where delay < maximum { delay *= 2 }
        return min(delay, maximum)
    }
}
