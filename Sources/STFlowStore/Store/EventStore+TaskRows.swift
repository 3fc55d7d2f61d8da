import Dispatch
import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import Synchronization

extension EventStore {
  /// How many projection rows are decoded together on another thread.
  static let decodingChunk = 1_000

  /// A task from its projection row (``taskColumns``).
  func decodeTask(_ row: [SQLValue]) throws -> TaskState {
    try Self.decodeTask(row, definition: try engine(hash: row[2].text ?? "").definition)
  }

  /// The tasks of the projection rows `sql` answers (``taskColumns``), in order. Each row's JSON is decoded on its
  /// own, so a large list (the report, the dashboard, `task list` over a ministry's portfolio) is decoded on every
  /// core while the rows are still being read: each chunk of rows goes to the other threads as soon as it is read.
  /// The definitions are looked up on this thread, because the store's caches are this thread's.
  func readTasks(_ sql: String, _ arguments: [SQLValue]) throws -> [TaskState] {
    var definitions: [String: WorkflowDefinition] = [:]
    var chunk: [[SQLValue]] = []
    chunk.reserveCapacity(Self.decodingChunk)
    var workers = ChunkWorkers()
    let decoded = Mutex<[Int: [TaskState]]>([:])
    let failure = Mutex<(row: Int, error: any Error)?>(nil)
    func send() {
      let (rows, defs) = (chunk, definitions)
      chunk.removeAll(keepingCapacity: true)
      workers.run { index in
        let first = index * Self.decodingChunk
        var tasks: [TaskState] = []
        tasks.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
          do {
            tasks.append(try Self.decodeTask(row, definition: defs[row[2].text ?? ""]))
          } catch {
            // The first failing row in order is reported, as a serial decode would.
            failure.withLock { f in
              if let earlier = f, earlier.row < first + i { return }
              f = (first + i, error)
            }
            return
          }
        }
        decoded.withLock { $0[index] = tasks }
      }
    }
    try connection.forEachRow(sql, arguments) { row in
      let hash = row[2].text ?? ""
      if definitions[hash] == nil { definitions[hash] = try engine(hash: hash).definition }
      chunk.append(row)
      if chunk.count == Self.decodingChunk { send() }
    }
    if workers.count == 0 {
      // A short list: decoded here, as quickly as sharing it out.
      return try chunk.map { try Self.decodeTask($0, definition: definitions[$0[2].text ?? ""]) }
    }
    if !chunk.isEmpty { send() }
    workers.wait()
    if let f = failure.withLock({ $0 }) { throw f.error }
    return decoded.withLock { all in (0..<workers.count).flatMap { all[$0] ?? [] } }
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
