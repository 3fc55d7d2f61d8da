import Foundation

/// Serialises the write transactions of the stores one process holds on one database (a server's threads):
/// they queue on a lock instead of on SQLite's busy handler, which sleeps and retries. Other processes are
/// still serialised by SQLite itself (`BEGIN IMMEDIATE`).
public final class WriteGate: @unchecked Sendable {
  /// Held for the whole of one write transaction; NSLock is safe to use from any thread.
  private let lock = NSLock()

  public init() {}

  func run<T>(_ body: () throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }
}
