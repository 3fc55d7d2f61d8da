// stflow-bench: every performance figure of the project, measured in one run, each with its target and
// its ratio to it (and to a bare baseline measured in the same run where there is one).
//
//   swift build -c release && .build/release/stflow-bench [--quick] [--json PATH] [--dir PATH]
//        [--engine-only | --import-only | --scheduler-only | --serve-only | --scale-only | --browser-only | --postgres-only
//         | --reads-only DB]
//
// 1. engine-only decide+evolve per second (pure, in memory);
// 2. durable transitions per second through the store (one transaction each, WAL), with synchronous=FULL
//    and NORMAL, each beside a bare SQLite INSERT-per-transaction loop on the same disk and settings;
// 3. `stflow task fire` end-to-end latency, process start to exit (needs .build/release/stflow);
// 4. 100,000 tasks: the batch path, reading every projection, deadlines in memory and from the store,
//    `stflow due` and `stflow report` for a year, end to end;
// 5. the scheduler daemon; 6. a 10,000-row CSV import; 8. the served API; 9. the served pages of 10,000
//    tasks in headless chromium (first contentful paint); 10. PostgreSQL on a throwaway durable cluster: transitions
//    beside a bare libpq loop, and notices drained by 1 and by 3 nodes.
import CSQLite
import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules
import STFlowScheduler
import STFlowStore
import Synchronization

let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
let jsonPath: String? = arguments.firstIndex(of: "--json").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
let workDir: URL = {
  if let i = arguments.firstIndex(of: "--dir"), i + 1 < arguments.count { return URL(fileURLWithPath: arguments[i + 1]) }
  return FileManager.default.temporaryDirectory.appendingPathComponent("stflow-bench-\(ProcessInfo.processInfo.processIdentifier)")
}()
try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fixture = packageRoot.appendingPathComponent("Tests/Fixtures/grant.json").path

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The CPU time this process has used so far (user and system), in seconds.
func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
  return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

func format(_ x: Double) -> String { String(format: x >= 100 ? "%.0f" : "%.2f", x) }

print("stflow-bench — \(ProcessInfo.processInfo.processorCount) cores, work dir \(workDir.path)\(quick ? " (quick)" : "")")

// MARK: 1. Engine only

let definition = try DefinitionLoader.load(file: fixture)
let engine = Engine(definition: definition, definitionHash: "bench")
let manager = Actor(name: "lan", roles: ["manager"])
let investigator = Actor(name: "binh", roles: [])
let t0 = Date(timeIntervalSince1970: 1_770_000_000)
var task: TaskState? = nil
for (command, actor) in [
  (Command.create(key: "B-1", fields: ["title": .string("bench"), "investigator": .string("binh")]), manager),
  (.fire(transition: "submit", fields: ["budget": .money(900), "cap": .money(1000)], comment: nil), manager),
  (
    .fire(transition: "approve", fields: ["end": .date(LocalDate(iso: "2026-12-31")!)], comment: nil),
    Actor(name: "hung", roles: ["approver"])
  ),
] {
  for e in try engine.decide(command, on: task, context: CommandContext(actor: actor, recordedAt: t0)) { task = try Engine.evolve(task, e) }
}
let active = task!

func engineRate(_ label: String, _ command: Command, actor: Actor, iterations: Int, target: Double) throws -> Double {
  var state: TaskState? = active
  let context = CommandContext(actor: actor, recordedAt: t0)
  let elapsed = try seconds {
    for _ in 0..<iterations { _ = try engine.execute(command, on: &state, context: context) }
  }
  precondition(state?.version == active.version + iterations)
  let rate = Double(iterations) / elapsed
  print("  \(label): \(format(rate)) decide+evolve/s (\(iterations) in \(format(elapsed * 1000)) ms)")
  record("engine: \(label.trimmingCharacters(in: .whitespaces))", rate, "/s", .atLeast, target)
  return rate
}

// One section alone: it runs, its figures are summed up, and the run ends.
let singleSections: [(flag: String, run: () throws -> Void)] = [
  ("--scheduler-only", schedulerBenchmark), ("--import-only", importBenchmark), ("--browser-only", browserBenchmark),
  ("--scale-only", scaleBenchmark), ("--serve-only", serveBenchmark), ("--postgres-only", postgresBenchmark),
]
if let section = singleSections.first(where: { arguments.contains($0.flag) }) {
  try section.run()
  try reportFigures(json: jsonPath)
  exit(0)
}

if let i = arguments.firstIndex(of: "--reads-only"), i + 1 < arguments.count {
  // Reading every task projection of an existing database (one made by --scale-only --dir), three times.
  for _ in 0..<3 {
    let store = try EventStore(path: arguments[i + 1], durability: .normal)
    var tasks: [TaskState] = []
    let elapsed = try seconds { tasks = try store.tasks() }
    print("  \(tasks.count) task projections read in \(format(elapsed * 1000)) ms")
    tasks = []  // freed after the clock stops, as the scale section does
  }
  exit(0)
}

if arguments.contains("--batch-profile") {
  // For profiling the batch path alone: 10,000 tasks, 25,000 commands, nothing else.
  let (_, _, created, elapsed) = try loadPortfolio(at: workDir.appendingPathComponent("batch.db").path, taskCount: 10_000)
  print("\(created) commands in \(format(elapsed)) s: \(format(Double(created) / elapsed)) /s")
  exit(0)
}

if arguments.contains("--store-profile") {
  // For profiling the store's own work: no fsync, nothing else.
  print(try storeRate(location: workDir.appendingPathComponent("profile.db").path, count: 20000, durability: .normal))
  exit(0)
}

print("\n1. Engine only (targets ≥ 2,000,000 decide+evolve/s in-state, ≥ 1,500,000/s with a value and a guard)")
let engineIterations = quick ? 200_000 : 2_000_000
if !arguments.contains("--guard-only") {
  _ = try engineRate(
    "in-state action, no guard        ", .fire(transition: "note", fields: [:], comment: nil), actor: manager, iterations: engineIterations,
    target: 2_000_000)
}
_ = try engineRate(
  "action with a value and a guard  ", .fire(transition: "report", fields: ["score": .integer(80)], comment: nil), actor: investigator,
  iterations: engineIterations, target: 1_500_000)

if arguments.contains("--engine-only") {
  try reportFigures(json: jsonPath)
  exit(0)
}

// MARK: 2. Durable transitions vs bare SQLite

func bareSQLiteRate(path: String, count: Int, sync: String = "FULL") throws -> Double {
  let db = try SQLiteConnection(path: path)
  try db.execute(
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = \(sync); CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, k TEXT, payload TEXT)")
  let payload = String(repeating: "x", count: 200)
  let elapsed = try seconds {
    for i in 0..<count {
      _ = try db.writeTransaction { try db.query("INSERT INTO t(k, payload) VALUES(?, ?)", [.text("B-\(i)"), .text(payload)]) }
    }
  }
  return Double(count) / elapsed
}

func storeRate(location: String, count: Int, durability: EventStore.Durability = .full) throws -> Double {
  let store = try EventStore(location: location, durability: durability)
  try store.loadDefinition(definition, by: "bench")
  try store.addActor(Actor(name: "lan", roles: ["manager"]), by: nil)
  try store.execute(.create(key: "D-1", fields: ["title": .string("durable")]), taskKey: "D-1", workflow: "grant", actorName: "lan")
  let elapsed = try seconds {
    for _ in 0..<count {
      try store.execute(.fire(transition: "note", fields: [:], comment: nil), taskKey: "D-1", actorName: "lan")
    }
  }
  let final = try store.task(key: "D-1")
  precondition(final?.version == count + 1)
  return Double(count) / elapsed
}

print("\n2. Durable transitions, one transaction each, WAL (targets: synchronous=FULL ≥ 0.9 × bare SQLite, NORMAL ≥ 0.5 ×)")
let durableCount = quick ? 300 : 2000
var bare: [Double] = []
var durable: [Double] = []
for round in 0..<3 {
  bare.append(try bareSQLiteRate(path: workDir.appendingPathComponent("bare-\(round).db").path, count: durableCount))
  durable.append(try storeRate(location: workDir.appendingPathComponent("store-\(round).db").path, count: durableCount))
}
let bareMedian = bare.sorted()[1]
let durableMedian = durable.sorted()[1]
print("  bare SQLite INSERT per transaction: \(bare.map(format).joined(separator: ", ")) tx/s (median \(format(bareMedian)))")
print("  stflow store transitions:           \(durable.map(format).joined(separator: ", ")) tx/s (median \(format(durableMedian)))")
record(
  "store: durable transition, FULL, × bare", durableMedian / bareMedian, "×", .atLeast, 0.9,
  baseline: "store \(format(durableMedian)) tx/s, bare INSERT \(format(bareMedian)) tx/s")
var cpuBare: [Double] = []
var cpuStore: [Double] = []
for round in 0..<3 {
  cpuBare.append(
    try bareSQLiteRate(path: workDir.appendingPathComponent("bare-normal-\(round).db").path, count: durableCount * 5, sync: "NORMAL"))
  cpuStore.append(
    try storeRate(location: workDir.appendingPathComponent("store-normal-\(round).db").path, count: durableCount * 5, durability: .normal))
}
print(
  "  synchronous=NORMAL (no fsync per commit, CPU only): bare \(cpuBare.map(format).joined(separator: ", ")) tx/s, store \(cpuStore.map(format).joined(separator: ", ")) tx/s"
)
record(
  "store: transition, NORMAL (CPU), × bare", cpuStore.sorted()[1] / cpuBare.sorted()[1], "×", .atLeast, 0.5,
  baseline: "store \(format(cpuStore.sorted()[1])) tx/s, bare INSERT \(format(cpuBare.sorted()[1])) tx/s")

// MARK: 3. CLI latency

print("\n3. `stflow task fire` end to end, process start to exit (target median ≤ 30 ms)")
let stflow = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("stflow").path
if FileManager.default.isExecutableFile(atPath: stflow) {
  let db = workDir.appendingPathComponent("cli.db").path
  func run(_ args: [String]) throws -> Int32 { try spawnAndWait(stflow, ["--db", db] + args) }
  // The workflow first: people are given roles the loaded workflows declare.
  let loaded = try run(["workflow", "load", fixture])
  let added = try run(["actor", "add", "lan", "--role", "manager"])
  precondition(loaded == 0 && added == 0, "stflow workflow load / actor add failed")
  _ = try run(["--as", "lan", "task", "create", "grant", "L-1", "title=latency"])
  var samples: [Double] = []
  for _ in 0..<(quick ? 30 : 200) {
    var code: Int32 = 0
    samples.append(try seconds { code = try run(["--as", "lan", "task", "fire", "L-1", "note"]) } * 1000)
    precondition(code == 0)
  }
  samples.sort()
  let pct = { (p: Double) in samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
  print(
    "  \(samples.count) runs: median \(format(pct(0.5))) ms, p90 \(format(pct(0.9))) ms, min \(format(samples[0])) ms, max \(format(samples.last ?? 0)) ms"
  )
  record("CLI: task fire, process start to exit, median", pct(0.5), "ms", .atMost, 30)
} else {
  print("  skipped: \(stflow) not found (run 'swift build -c release' first)")
}
try scaleBenchmark()
try schedulerBenchmark()
try importBenchmark()
// The served section measures fsync-bound writes: the earlier sections' large databases go first, and what they
// left unwritten is flushed, so the disk is as quiet as for section 2.
for name in ["deadlines.db", "scheduler.db", "import.db"] {
  for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(at: workDir.appendingPathComponent(name + suffix)) }
}
sync()
try serveBenchmark()
try browserBenchmark()
try postgresBenchmark()
try reportFigures(json: jsonPath)
try? FileManager.default.removeItem(at: workDir)

// MARK: 6. CSV import

/// Importing a 10,000-row CSV into the provincial workflow (target under 0.5 s end to end: parse, check,
/// plan and write), all in one transaction.
func importBenchmark() throws {
  print("\n6. Importing a 10,000-row CSV (target under 0.5 s)")
  let path = workDir.appendingPathComponent("import.db").path
  let store = try EventStore(path: path)
  let calendarJSON = try vietnamCalendar()
  try store.loadCalendar(calendarJSON)
  let provincial = try DefinitionLoader.load(file: packageRoot.appendingPathComponent("Workflows/provincial-task.json").path)
  try store.loadDefinition(provincial, by: "bench")
  try store.addActor(Actor(name: "lan", roles: ["manager"]), by: nil)
  let text = provincialCSV(rows: 10_000)
  let engine = try store.engine(hash: EventStore.contentHash(provincial))
  var imported = 0
  var planning = 0.0
  let elapsed = try seconds {
    let start = DispatchTime.now().uptimeNanoseconds
    let plan = try TaskImporter.plan(
      csv: text,
      context: TaskImporter.Context(
        engines: [engine.definition.id: engine], defaultWorkflow: engine.definition.id, actor: Actor(name: "lan", roles: ["manager"]),
        now: Date(), exists: { try store.task(key: $0) != nil }, people: []))
    precondition(plan.problems.isEmpty, "\(plan.problems.prefix(3))")
    planning = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    imported = try store.executeBatch(plan.commands)
  }
  print(
    "  \(imported) rows parsed, checked and imported in one transaction: \(format(elapsed)) s (reading and planning \(format(planning)) s, writing \(format(elapsed - planning)) s)"
  )
  record("import: 10,000-row CSV, end to end", elapsed, "s", .atMost, 0.5)
}

/// A department's spreadsheet of `rows` provincial tasks (a third of them running), as CSV.
func provincialCSV(rows count: Int) -> String {
  var rows = [
    [
      "Mã nhiệm vụ", "Tên nhiệm vụ", "Cấp", "Trạng thái", "Ngày vào trạng thái", "Kinh phí đề nghị", "Ngày bắt đầu hợp đồng",
      "Ngày kết thúc hợp đồng",
    ]
  ]
  for i in 0..<count {
    let start = LocalDate(iso: "2025-01-01")!.adding(days: i % 365)
    let (y, m, d) = start.components
    let (ey, em, ed) = start.adding(months: 24).components
    rows.append([
      "NV-\(i)", "Nhiệm vụ khoa học số \(i)", "provincial", i % 3 == 0 ? "Đang thực hiện" : "Đề xuất",
      String(format: "%02d/%02d/%04d", d, m, y), "1.\(String(format: "%03d", i % 1000)).000.000", String(format: "%02d/%02d/%04d", d, m, y),
      String(format: "%02d/%02d/%04d", ed, em, ey),
    ])
  }
  return CSV.write(rows)
}

// MARK: 5. The scheduler

/// 100,000 tasks with pending timers: creating them, starting the daemon, its memory, and how late
/// 1,000 reminders falling due within a few seconds are recorded.
func schedulerBenchmark() throws {
  print(
    "\n5. Scheduler: 100,000 tasks with pending timers (targets: create < 15 s, start < 0.1 s, memory < 50 MiB, lateness p99 ≤ 5 ms, max ≤ 20 ms)"
  )
  let count = quick ? 10_000 : 100_000
  let path = workDir.appendingPathComponent("scheduler.db").path
  for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
  let store = try EventStore(path: path)
  let calendarJSON = try vietnamCalendar()
  try store.loadCalendar(calendarJSON)
  try store.loadDefinition(try DefinitionLoader.load(text: noticeWorkflow), by: "bench")
  try store.addActor(Actor(name: "lan", roles: ["manager"], email: "lan@example.vn"), by: nil)
  // The window the in-process scheduler runs through on a fast clock: 1,000 days from 2031-01-01, one
  // reminder each — after the wall clock, so the real daemon started below records nothing.
  let window = LocalDate(iso: "2031-01-01")!
  let lateCount = 1000
  let created = Timestamp.parse("2020-06-01", in: .vietnam)!
  let create = try seconds {
    var batch: [EventStore.BatchCommand] = []
    for i in 0..<(count + lateCount) {
      let due = i < lateCount ? window.adding(days: i + 1) : LocalDate(iso: "2041-01-01")!.adding(days: i % 2000)
      let key = "N-\(i)"
      batch.append(
        .init(
          .create(key: key, fields: ["title": .string("Nhiệm vụ \(i)"), "dueOn": .date(due)]), taskKey: key, workflow: "notice",
          actorName: "lan",
          effectiveAt: created))
      if batch.count == 5000 {
        _ = try store.executeBatch(batch)
        batch.removeAll(keepingCapacity: true)
      }
    }
    _ = try store.executeBatch(batch)
  }
  print(
    "  creating \(count + lateCount) tasks with \(try store.pendingTimerCount()) pending timers, in batches of 5,000: \(format(create)) s")
  record("scheduler: creating \(count + lateCount) tasks with timers", create, "s", .atMost, 15)
  // Daemon start: process start to ready (its first line), and its resident memory once running.
  let stflowPath = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("stflow").path
  if FileManager.default.isExecutableFile(atPath: stflowPath) {
    var starts: [Double] = []
    var rss: [Int] = []
    for _ in 0..<5 {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: stflowPath)
      // On the wall clock, before the window, so these runs record nothing.
      p.arguments = ["--db", path, "run", "--poll", "5"]
      let out = Pipe()
      p.standardOutput = out
      let t0 = DispatchTime.now().uptimeNanoseconds
      try p.run()
      _ = try out.fileHandleForReading.read(upToCount: 1)
      starts.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
      let reader = out.fileHandleForReading
      Thread.detachNewThread { _ = reader.readDataToEndOfFile() }
      Thread.sleep(forTimeInterval: 1)
      let status = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/status", encoding: .utf8)) ?? ""
      if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) {
        rss.append(Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0)
      }
      p.terminate()
      p.waitUntilExit()
    }
    starts.sort()
    print(
      "  `stflow run` start, process start to ready: median \(format(starts[2])) ms (min \(format(starts[0])), max \(format(starts[4])))")
    print("  resident memory of the running daemon: \(format(Double(rss.max() ?? 0) / 1024)) MiB (max of \(rss.count) runs)")
    record("scheduler: `stflow run` start to ready, median", starts[2], "ms", .atMost, 100)
    record("scheduler: daemon resident memory, \(count) pending timers", Double(rss.max() ?? 0) / 1024, "MiB", .atMost, 50)
  }
  // Lateness: run the scheduler in-process on a clock that goes through the 1,000 days in about 3 s.
  let speed = 1000.0 * 86400 / 3
  let clock = ScaledClock(start: window.start(in: .vietnam), speed: speed)
  let daemonStore = try EventStore(path: path)
  let lateness = Mutex<[Double]>([])
  let scheduler = Scheduler(
    store: daemonStore, clock: clock, speed: speed, pollInterval: 0.5,
    observe: { notice, at in
      guard notice.outcome == .recorded, notice.timer.kind == .reminder else { return }
      lateness.withLock { $0.append(at.timeIntervalSince(notice.timer.fireAt) / speed * 1000) }
    }, log: { _ in })
  scheduler.start()
  var seen = 0
  for _ in 0..<100 where seen < lateCount {
    Thread.sleep(forTimeInterval: 0.1)
    seen = lateness.withLock { $0.count }
  }
  let stopped = DispatchSemaphore(value: 0)
  scheduler.stop { stopped.signal() }
  stopped.wait()
  let late = lateness.withLock { $0 }.sorted()
  if late.isEmpty {
    print("  lateness: no reminder was recorded")
  } else {
    let pct = { (p: Double) in late[min(late.count - 1, Int(Double(late.count) * p))] }
    print(
      "  lateness of \(late.count) reminders (recorded − due, real time): p50 \(format(pct(0.5))) ms, p99 \(format(pct(0.99))) ms, max \(format(late.last ?? 0)) ms"
    )
    record("scheduler: reminder lateness p99", pct(0.99), "ms", .atMost, 5)
    record("scheduler: reminder lateness max", late.last ?? 0, "ms", .atMost, 20)
  }
}
