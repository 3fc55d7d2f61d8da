import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import STFlowStore

/// One deadline with a reminder the day before, every notice caught up: the scheduler's and PostgreSQL's sections.
let noticeWorkflow = """
  {"id": "notice", "version": 1, "title": "Notices", "roles": ["manager"], "calendar": "vn",
   "fields": {"title": {"type": "string", "required": true}, "dueOn": {"type": "date", "required": true}},
   "initial": "open", "states": {"open": {"label": "Open"}, "done": {"label": "Done", "final": true}},
   "transitions": [{"id": "close", "from": "open", "to": "done", "by": ["manager"]}],
   "deadlines": [{"id": "due", "due": "dueOn", "while": ["open"], "metBy": "close", "remind": ["-1d"], "catchUp": "all",
                  "notify": ["manager"]}]}
  """

/// The shipped calendar of Vietnam's public holidays, as JSON.
func vietnamCalendar() throws -> JSON {
  try JSONParser.parse(
    bytes: Array(FileManager.default.contents(atPath: packageRoot.appendingPathComponent("Workflows/calendars/vn.json").path) ?? Data()))
}

/// The built `stflow` beside this benchmark, when there is one.
func builtStflow() -> String? {
  let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("stflow").path
  return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}

/// The median of five runs of `stflow ARGS`, process start to exit, in milliseconds (output discarded).
func medianRun(_ stflow: String, _ args: [String]) throws -> Double {
  var samples: [Double] = []
  for _ in 0..<5 {
    var status: Int32 = 0
    samples.append(try seconds { status = try spawnAndWait(stflow, args) })
    precondition(status == 0, "stflow \(args.joined(separator: " ")) failed with \(status)")
  }
  return samples.sorted()[2] * 1000
}

// MARK: 4. A large portfolio

/// 100,000 tasks: loaded through the batch path, every projection read back, every deadline computed in
/// memory and read from the store's deadline table, and `stflow due` and `stflow report` for a year run
/// over them, end to end.
func scaleBenchmark() throws {
  print("\n4. 100,000 tasks (targets: batch ≥ 100,000 commands/s, projections read < 0.3 s, `due` < 150 ms, `report` for a year < 1 s)")
  let taskCount = quick ? 10_000 : 100_000
  let deadlineDB = workDir.appendingPathComponent("deadlines.db").path
  let (store, review, created, setup) = try loadPortfolio(at: deadlineDB, taskCount: taskCount)
  print("  setup: \(taskCount) tasks (\(created) commands in batches of 5,000) in \(format(setup)) s")
  record("batch: commands through the store, batches of 5,000", Double(created) / setup, "/s", .atLeast, 100_000)
  let engine = try store.engine(hash: EventStore.contentHash(review))
  var tasks: [TaskState] = []
  var loads: [Double] = []
  for _ in 0..<3 {
    let fresh = try EventStore(path: deadlineDB, durability: .normal)
    // The previous round's 100,000 tasks are freed before the clock starts: freeing them is not reading.
    tasks = []
    loads.append(try seconds { tasks = try fresh.tasks() })
  }
  print("  reading the \(tasks.count) task projections (fresh connection): \(loads.map { format($0 * 1000) }.joined(separator: ", ")) ms")
  record("reads: \(tasks.count) task projections", loads.sorted()[1], "s", .atMost, 0.3)
  let calculator = DeadlineCalculator(engine: engine)
  let now = Date()
  var statuses = 0
  var overdue = 0
  let compute = seconds {
    for t in tasks {
      for s in calculator.statuses(for: t, now: now, explain: false, plan: false) {
        statuses += 1
        if s.phase == .overdue { overdue += 1 }
      }
    }
  }
  print("  computing \(statuses) deadline statuses of \(tasks.count) tasks in memory: \(format(compute * 1000)) ms (\(overdue) overdue)")
  record("deadlines: every status of \(tasks.count) tasks in memory", compute, "s", .atMost, 1)
  var items: [DueItem] = []
  let query = try seconds { items = try store.dueItems(until: nil) }
  print("  the store's deadline table, every running deadline (\(items.count)): \(format(query * 1000)) ms")
  guard let stflow = builtStflow() else {
    print("  `stflow due` and `stflow report` skipped: build stflow in release first")
    return
  }
  let soon = try store.dueItems(until: LocalDate(Date(), in: .vietnam).adding(days: 30)).count
  let due = try medianRun(stflow, ["--db", deadlineDB, "due", "--within", "30d"])
  print("  `stflow due --within 30d` over \(taskCount) tasks (\(soon) rows), process start to exit: median \(format(due)) ms")
  record("CLI: due --within 30d over \(taskCount) tasks, median", due, "ms", .atMost, 150)
  let report = try medianRun(stflow, ["--db", deadlineDB, "report", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json"])
  print("  `stflow report` for 2026 over \(taskCount) tasks, process start to exit: median \(format(report)) ms")
  record("CLI: report for a year over \(taskCount) tasks, median", report, "ms", .atMost, 1000)
}

/// A store at `path` loaded through the batch path with `taskCount` tasks of the `review` fixture (each created and
/// submitted, every other one approved): the store, the definition, how many commands ran and in how many seconds.
func loadPortfolio(at path: String, taskCount: Int) throws -> (EventStore, WorkflowDefinition, Int, Double) {
  let store = try EventStore(path: path, durability: .normal)
  let calendarJSON = try vietnamCalendar()
  try store.loadCalendar(calendarJSON)
  let review = try DefinitionLoader.load(file: packageRoot.appendingPathComponent("Tests/Fixtures/deadlines.json").path)
  try store.loadDefinition(review, by: "bench")
  try store.addActor(Actor(name: "lan", roles: ["manager", "applicant"]), by: nil)
  let startDay = LocalDate(iso: "2026-01-05")!
  var created = 0
  let setup = try seconds {
    var batch: [EventStore.BatchCommand] = []
    for i in 0..<taskCount {
      let key = "R-\(i)"
      let day = startDay.adding(days: i % 300)
      let end = day.adding(months: 12 + i % 12)
      batch.append(
        .init(.create(key: key, fields: ["title": .string("Nhiệm vụ \(i)")]), taskKey: key, workflow: "review", actorName: "lan"))
      batch.append(.init(.fire(transition: "submit", fields: ["submittedOn": .date(day)], comment: nil), taskKey: key, actorName: "lan"))
      if i % 2 == 0 {
        batch.append(
          .init(
            .fire(transition: "approve", fields: ["start": .date(day), "end": .date(end)], comment: nil), taskKey: key, actorName: "lan"))
      }
      if batch.count >= 5000 {
        created += try store.executeBatch(batch)
        batch.removeAll(keepingCapacity: true)
      }
    }
    created += try store.executeBatch(batch)
  }
  return (store, review, created, setup)
}
