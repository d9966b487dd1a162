import Foundation

/// Runs work that blocks (waiting for a runtime call, a child's output) on a thread of its own, so the few
/// threads of Swift's cooperative pool never wait for a process.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws(SandboxError) -> T) async throws(SandboxError) -> T {
    let result: Result<T, SandboxError> = await withCheckedContinuation { continuation in
        Thread {
            do throws(SandboxError) {
                continuation.resume(returning: .success(try body()))
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }.start()
    }
    return try result.get()
}
