import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// What a reader of every task's history needs of the task itself, without decoding its projection.
public struct TaskHead: Sendable {
  public let key: String
  public let workflow: String
  public let definitionHash: String
  public let state: String
  public let version: Int
  /// The task's current title (its `title` field), or "".
  public let title: String
}

/// One task's whole history, oldest event first, with the engine of the definition it is pinned to — or why its
/// events cannot be read.
public struct TaskHistory: Sendable {
  public let head: TaskHead
  public let engine: Engine
  public let events: Result<[RecordedEvent], any Error>
}

extension EventStore {
  /// Every task (of `workflow`, or all) in key order with its whole history, read in two queries for the whole
  /// store — what a report over a large portfolio needs — rather than one query per task, and handed out in
  /// chunks of `tasksPerChunk` consecutive tasks: each chunk's events are decoded and given to `body` on another
  /// thread while the rows of the next are still being read. `body` gets the chunk's position (0, 1, …) and may
  /// run for several chunks at once; all have returned when this does, which returns the number of chunks.
  /// A task whose events cannot be read is given with the error, and the others still follow; a definition
  /// that cannot be loaded for a task's head stops the reading with its error.
  @discardableResult
  public func eachTaskHistoryChunk(
    workflow: String? = nil, tasksPerChunk: Int = 2_000, _ body: @escaping @Sendable (_ index: Int, _ histories: [TaskHistory]) -> Void
  ) throws -> Int {
    /// A task read but not decoded yet: its rows, or the first failure.
    struct Pending {
      let head: TaskHead
      let engine: Engine
      var rows: [[SQLValue]] = []
      var failure: (any Error)?
    }
    var workers = ChunkWorkers()
    var chunk: [Pending] = []
    var definitions: [String: WorkflowDefinition] = [:]
    func send() {
      let (tasks, defs) = (chunk, definitions)
      chunk.removeAll(keepingCapacity: true)
      workers.run { index in
        body(
          index,
          tasks.map { t in
            if let failure = t.failure { return TaskHistory(head: t.head, engine: t.engine, events: .failure(failure)) }
            do {
              let events = try t.rows.map { row in
                // Every row's definition was looked up as it was read.
                guard let definition = defs[row[8].text ?? ""] else {
                  throw StoreError.corrupt("definition \(row[8].text ?? "") is not stored")
                }
                return try Self.decodeEvent(row, definition: definition)
              }
              return TaskHistory(head: t.head, engine: t.engine, events: .success(events))
            } catch {
              return TaskHistory(head: t.head, engine: t.engine, events: .failure(error))
            }
          })
      }
    }
    defer { workers.wait() }
    try connection.readTransaction {
      let filter = workflow == nil ? "" : " WHERE workflow = ?"
      let args: [SQLValue] = workflow.map { [.text($0)] } ?? []
      var heads: [TaskHead] = []
      try connection.forEachRow(
        "SELECT key, workflow, definition_hash, state, version, \(connection.dialect.jsonText("data", "fields.title")) FROM tasks\(filter) ORDER BY key",
        args
      ) { row in
        heads.append(
          TaskHead(
            key: row[0].text ?? "", workflow: row[1].text ?? "", definitionHash: row[2].text ?? "", state: row[3].text ?? "",
            version: Int(row[4].integer ?? 0), title: row[5].text ?? ""))
      }
      var next = 0
      var current: Pending?
      // The task after the last one read: it is complete, and goes into the chunk.
      func finish() throws {
        let head = heads[next]
        let task = try current ?? Pending(head: head, engine: engine(hash: head.definitionHash))
        current = nil
        next += 1
        chunk.append(task)
        if chunk.count == tasksPerChunk { send() }
      }
      // The tasks' events only (not the registries'), in the order of the (task, version) index; without the
      // previous hash, which an event as read does not hold (one string fewer to make for every row).
      // Both lists are in key order (byte by byte, as both backends order keys): walk them side by side.
      try connection.forEachRow(
        "SELECT \(EventStore.eventColumns.replacingOccurrences(of: "prev_hash", with: "NULL")) FROM events WHERE task_key IN (SELECT key FROM tasks\(filter)) ORDER BY task_key, task_version",
        args
      ) { row in
        guard let key = row[1].text else { return }
        while next < heads.count, heads[next].key.utf8.lexicographicallyPrecedes(key.utf8) { try finish() }
        guard next < heads.count, key == heads[next].key else { return }
        if current == nil { current = Pending(head: heads[next], engine: try engine(hash: heads[next].definitionHash)) }
        guard current?.failure == nil else { return }
        let hash = row[8].text ?? ""
        if definitions[hash] == nil {
          do { definitions[hash] = try engine(hash: hash).definition } catch {
            current?.failure = error
            return
          }
        }
        current?.rows.append(row)
      }
      while next < heads.count { try finish() }
      if !chunk.isEmpty { send() }
    }
    return workers.count
  }
}
