import Dispatch
import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import Synchronization

extension EventStore {
  /// Below this many rows, decoding on one thread is quicker than sharing the work.
  static let parallelDecodingThreshold = 2_000

  /// A task from its projection row (``taskColumns``).
  func decodeTask(_ row: [SQLValue]) throws -> TaskState {
    try Self.decodeTask(row, definition: try engine(hash: row[2].text ?? "").definition)
  }

  /// Many projection rows, in order. Each row's JSON is parsed and decoded on its own, so a large list (the
  /// report, the dashboard, `task list` over a ministry's portfolio) is decoded on every core; the definitions
  /// are looked up first, on this thread, because the store's caches are this thread's.
  func decodeTasks(_ rows: [[SQLValue]]) throws -> [TaskState] {
    guard rows.count >= Self.parallelDecodingThreshold, ProcessInfo.processInfo.activeProcessorCount > 1 else {
      return try rows.map(decodeTask)
    }
    var known: [String: WorkflowDefinition] = [:]
    for row in rows {
      let hash = row[2].text ?? ""
      if known[hash] == nil { known[hash] = try engine(hash: hash).definition }
    }
    let definitions = known
    let chunk = 512
    let chunks = (rows.count + chunk - 1) / chunk
    let failure = Mutex<(index: Int, error: any Error)?>(nil)
    let decoded = [TaskState?](unsafeUninitializedCapacity: rows.count) { buffer, count in
      guard let base = buffer.baseAddress else { return }
      let slots = RowSlots(base: base)
      DispatchQueue.concurrentPerform(iterations: chunks) { c in
        for i in (c * chunk)..<min(rows.count, (c + 1) * chunk) {
          var task: TaskState?
          do {
            task = try Self.decodeTask(rows[i], definition: definitions[rows[i][2].text ?? ""])
          } catch {
            // The first failing row in order is reported, as a serial decode would.
            failure.withLock { first in
              if let f = first, f.index < i { return }
              first = (i, error)
            }
          }
          (slots.base + i).initialize(to: task)
        }
      }
      count = rows.count
    }
    if let f = failure.withLock({ $0 }) { throw f.error }
    let tasks = decoded.compactMap { $0 }
    guard tasks.count == rows.count else { throw StoreError.corrupt("\(rows.count - tasks.count) task rows could not be read") }
    return tasks
  }

  /// One row with its definition; pure, so any thread may call it.
  static func decodeTask(_ row: [SQLValue], definition: WorkflowDefinition?) throws -> TaskState {
    let key = row[0].text ?? ""
    let hash = row[2].text ?? ""
    guard let definition else { throw StoreError.corrupt("definition \(hash) is not stored") }
    do {
      return try EventCoding.task(
        key: key, workflow: row[1].text ?? "", definitionHash: hash, state: row[3].text ?? "",
        version: Int(row[4].integer ?? 0), projection: row[5].text ?? "", definition: definition)
    } catch {
      throw StoreError.corrupt(error.description)
    }
  }
}

/// The places of the decoded rows, written by several threads at once.
///
/// `@unchecked Sendable`: each thread initialises only the places of its own rows, and the buffer is read only
/// after every thread has finished.
private struct RowSlots: @unchecked Sendable {
  let base: UnsafeMutablePointer<TaskState?>
}
