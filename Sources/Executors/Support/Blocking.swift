import Foundation

/// Runs work that blocks (a runtime call, a child's output, a download waiting on the network or on another
/// pull's lock) on a thread of its own, so the few threads of Swift's cooperative pool never wait.
public func onOwnThread<T: Sendable, Failure: Error>(
    _ body: @escaping @Sendable () throws(Failure) -> T
) async throws(Failure) -> T {
    let result: Result<T, Failure> = await withCheckedContinuation { continuation in
        Thread {
            continuation.resume(returning: Result { () throws(Failure) -> T in try body() })
        }.start()
    }
    return try result.get()
}
