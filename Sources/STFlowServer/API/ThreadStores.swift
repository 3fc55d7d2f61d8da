import Foundation
import STFlowEngine
import STFlowStore
import Synchronization

/// Each server thread's own store (its own SQLite connection): a connection is never shared across threads.
final class ThreadStores: Sendable {
  let path: String
  let clock: any WallClock
  /// Every store of this server writes through one gate.
  let gate = WriteGate()
  /// Stores by the thread (pthread) that owns them.
  private let stores = Mutex<[UInt: EventStore]>([:])

  init(path: String, clock: any WallClock) {
    self.path = path
    self.clock = clock
  }

  /// The calling thread's store, opened on first use.
  func current() throws -> EventStore {
    let thread = UInt(pthread_self())
    if let store = stores.withLock({ $0[thread] }) { return store }
    let store = try EventStore(location: path, clock: clock)
    store.writeGate = gate
    stores.withLock { $0[thread] = store }
    return store
  }
}
