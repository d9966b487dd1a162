import RunnerCore

extension FakeForgejo {
    /// What the fake does instead of (or before) answering a call normally, for the next few calls of one procedure.
    public enum Fault: Sendable, Equatable {
        /// Answers with this HTTP status and a plain-text body, as a reverse proxy does; the call is not applied.
        case httpStatus(Int)
        /// Answers with a Connect error (e.g. `.unimplemented` for an old server's Declare); not applied.
        case connectError(ForgejoError.Code, String)
        /// Closes the connection without an answer; the call is not applied.
        case dropRequest
        /// Applies the call, then closes the connection without an answer: the answer is lost on the way.
        case dropAnswer
        /// Waits, then applies the call and answers: a slow server (the client may have given up by then).
        case delay(Duration)
    }
}
