import Foundation
import STFlowEngine
import STFlowRules

extension EventStore {
  /// One command of a batch.
  public struct BatchCommand: Sendable {
    public var command: Command
    public var taskKey: String
    public var workflow: String?
    public var actorName: String
    public var effectiveAt: Date?

    public init(_ command: Command, taskKey: String, workflow: String? = nil, actorName: String, effectiveAt: Date? = nil) {
      self.command = command
      self.taskKey = taskKey
      self.workflow = workflow
      self.actorName = actorName
      self.effectiveAt = effectiveAt
    }
  }

  /// What a batch keeps in memory while its one transaction runs: the tasks it changed (their projections
  /// and deadlines are written once, after the last command), the people its commands name, and the head of
  /// the hash chain (written once at the end). Nothing outside the batch's transaction sees any of it.
  final class BatchMemo {
    var tasks: [String: TaskState] = [:]
    /// Keys in the order the batch first changed them, with the time of the last command on each.
    var order: [String] = []
    var recordedAt: [String: Date] = [:]
    /// Tasks the batch brought into being: they have no deadline, timer or notice rows yet.
    var created: Set<String> = []
    var actors: [String: Actor?] = [:]
    var latestHash: [String: String?] = [:]
    var head: (seq: Int64, hash: String)?

    func changed(_ task: TaskState, at: Date, created isNew: Bool) {
      if tasks.updateValue(task, forKey: task.key) == nil { order.append(task.key) }
      recordedAt[task.key] = at
      if isNew { created.insert(task.key) }
    }
  }

  /// Runs every command in one transaction, after registering `people` (person records the commands
  /// name, e.g. investigators from an imported spreadsheet): all are applied or, if one is refused, none
  /// is; the error names the command's position.
  ///
  /// The batch path of imports, simulations and bulk loads: each command is decided and its events are
  /// chained and written as they come, while each task's projection and deadlines are written once at the
  /// end, from its final state — the same rows one command at a time would leave.
  public func executeBatch(_ commands: [BatchCommand], people: [Actor] = [], progress: ((Int) -> Void)? = nil) throws -> Int {
    var outcomes: [CommandOutcome] = []
    outcomes.reserveCapacity(commands.count)
    // A page cache of up to 32 MiB for the batch (SQLite's default is 2 MiB), so a large one stays in memory until
    // it commits instead of spilling pages to the WAL while it runs; back to the default after it.
    if connection.dialect == .sqlite { try connection.execute("PRAGMA cache_size = -32768") }
    defer { if connection.dialect == .sqlite { try? connection.execute("PRAGMA cache_size = -2000") } }
    try transaction {
      for person in people {
        if try actor(named: person.name) != nil {
          throw StoreError.input("actor '\(person.name)' already exists", vi: "người dùng '\(person.name)' đã có")
        }
        try recordActor(person, by: commands.first?.actorName)
      }
      let memo = BatchMemo()
      batch = memo
      defer { batch = nil }
      for (i, c) in commands.enumerated() {
        if i % 100 == 0 { progress?(i) }
        do {
          outcomes.append(
            try executeInTransaction(
              c.command, taskKey: c.taskKey, workflow: c.workflow, actorName: c.actorName, effectiveAt: c.effectiveAt))
        } catch var r as Rejection {
          r.message = "command \(i + 1) of \(commands.count): " + r.message
          throw r
        }
      }
      for key in memo.order {
        guard let state = memo.tasks[key] else { continue }
        try saveProjection(state)
        try recordDeadlines(
          of: state, engine: try engine(hash: state.definitionHash), now: memo.recordedAt[key] ?? now(), isNew: memo.created.contains(key))
      }
      if let head = memo.head {
        try connection.run("UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1", [.integer(head.seq), .text(head.hash)])
        connection.writerLockRow = [.integer(head.seq), .text(head.hash)]
      }
    }
    for o in outcomes { remember(o.task) }
    return outcomes.count
  }
}
