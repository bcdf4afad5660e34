import Glibc

/// A mutex that lives for the whole process, for the few static tables the OS
/// layer shares between threads (registered children and files, the console's
/// failed streams). Never destroyed: statics outlive every thread that uses them.
/// The corresponding C functions are `pthread_mutex_lock` and `pthread_mutex_unlock`.
public struct ProcessMutex: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init() {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    /// `body` with the mutex held.
    public func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}
