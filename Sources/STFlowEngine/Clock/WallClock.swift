import Foundation
import Synchronization

/// Where the engine gets the time. Always injected: tests use ``ManualClock``, the CLI the system clock.
public protocol WallClock: Sendable {
  func now() -> Date
}

/// The system's clock.
public struct SystemClock: WallClock {
  public init() {}
  public func now() -> Date { Date() }
}

/// A clock that only moves when told to, so deadline tests are exact and instant.
public final class ManualClock: WallClock {
  /// The current time, guarded by a mutex because tests may read it from several threads.
  private let current: Mutex<Date>

  public init(_ start: Date) { current = Mutex(start) }

  public func now() -> Date { current.withLock { $0 } }

  public func set(_ date: Date) { current.withLock { $0 = date } }

  public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
