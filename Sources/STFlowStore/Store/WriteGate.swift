import Foundation
import Synchronization

/// Serialises the write transactions of the stores one process holds on one database (a server's threads):
/// they queue on a lock instead of on SQLite's busy handler, which sleeps and retries. Other processes are
/// still serialised by the database (SQLite's `BEGIN IMMEDIATE`, PostgreSQL's lock on the chain head).
///
/// Commands are committed in groups: a command that arrives while another transaction holds the gate waits
/// in a queue, and the next thread to take the gate runs every queued command in one transaction, each in
/// its own savepoint (a refused or failing command is rolled back alone), and commits them together — one
/// sync to disk for the group instead of one each. A command is answered only after its group committed.
public final class WriteGate: @unchecked Sendable {
  /// Held for the whole of one write transaction; NSLock is safe to use from any thread.
  private let lock = NSLock()
  /// Commands waiting for a transaction to run them in.
  private let queue = Mutex<[Job]>([])
  /// The most commands one transaction has committed together (for tests and benchmarks).
  public var largestGroup: Int { largest.withLock { $0 } }
  private let largest = Mutex<Int>(0)

  /// One queued command. Its result is written by the thread that runs the group, under the gate's lock, and
  /// read by its own thread under the same lock: `@unchecked Sendable`.
  final class Job: @unchecked Sendable {
    let work: (EventStore) throws -> Any
    var result: Result<Any, any Error>?

    init(_ work: @escaping (EventStore) throws -> Any) { self.work = work }
  }

  public init() {}

  /// How many commands wait for a transaction now (for tests).
  var queued: Int { queue.withLock { $0.count } }

  func run<T>(_ body: () throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }

  /// Runs `work` on a store of this gate inside a write transaction, committed together with whatever other
  /// commands are queued at the time; `store` runs the group when this thread is the one to take the gate.
  func commit<T>(on store: EventStore, _ work: @escaping (EventStore) throws -> T) throws -> T {
    let job = Job { try work($0) }
    queue.withLock { $0.append(job) }
    lock.lock()
    defer { lock.unlock() }
    if job.result == nil {
      // Nobody has run this command yet: run it with every other queued one.
      let jobs = queue.withLock { q in
        defer { q.removeAll(keepingCapacity: true) }
        return q
      }
      store.runGroup(jobs)
      largest.withLock { $0 = max($0, jobs.count) }
    }
    switch job.result {
    case .success(let value as T): return value
    case .failure(let error): throw error
    default: throw StoreError.corrupt("a grouped command gave no result")
    }
  }
}

extension EventStore {
  /// Runs queued commands in one transaction on this store's connection, each in its own savepoint, then
  /// commits; when the transaction itself fails, every command of it fails with that error.
  func runGroup(_ jobs: [WriteGate.Job]) {
    do {
      try connection.writeTransaction {
        for job in jobs {
          job.result = try connection.savepoint { try job.work(self) }.mapError { error in
            (error as? DatabaseError).map { StoreError.database($0) } ?? error
          }
        }
      }
    } catch {
      let failure = (error as? DatabaseError).map { StoreError.database($0) } ?? error
      for job in jobs { job.result = .failure(failure) }
    }
  }
}
