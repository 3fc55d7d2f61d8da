import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowPostgresCluster
import STFlowRules
import STFlowScheduler
import STFlowStore
import Synchronization

// MARK: 10. PostgreSQL

/// A bare libpq loop on `url`: one `INSERT` per transaction (`BEGIN; INSERT; COMMIT`), durable commits.
func barePostgresRate(url: String, count: Int) throws -> Double {
  let db = try PostgresConnection(url: url)
  try db.execute("CREATE TABLE IF NOT EXISTS t (id BIGSERIAL PRIMARY KEY, k TEXT, payload TEXT)")
  let payload = String(repeating: "x", count: 200)
  let elapsed = try seconds {
    for i in 0..<count {
      try db.execute("BEGIN")
      try db.query("INSERT INTO t(k, payload) VALUES(?, ?)", [.text("B-\(i)"), .text(payload)])
      try db.execute("COMMIT")
    }
  }
  return Double(count) / elapsed
}

/// `count` tasks whose deadline fell due weeks ago: each gives a reminder and a missed deadline to record, and a
/// delivery each through the hook.
func duePortfolio(_ store: EventStore, count: Int) throws {
  try store.loadCalendar(try vietnamCalendar())
  try store.loadDefinition(try DefinitionLoader.load(text: noticeWorkflow), by: "bench")
  try store.addActor(Actor(name: "lan", roles: ["manager"], email: "lan@example.vn"), by: nil)
  let created = Timestamp.parse("2026-01-05", in: .vietnam)!
  let commands = (0..<count).map { i in
    EventStore.BatchCommand(
      .create(
        key: "P-\(i)", fields: ["title": .string("Nhiệm vụ \(i)"), "dueOn": .date(LocalDate(iso: "2026-02-02")!.adding(days: i % 20))]),
      taskKey: "P-\(i)", workflow: "notice", actorName: "lan", effectiveAt: created)
  }
  _ = try store.executeBatch(commands)
}

/// Drains every due notice and its delivery (hook: /bin/true) with `nodes` stores working side by side, as
/// `stflow run` nodes do; returns notices per second.
func drainRate(cluster: ScratchCluster, nodes: Int, tasks: Int) throws -> (rate: Double, notices: Int) {
  let url = try cluster.createDatabase()
  let setup = try EventStore(server: url)
  try duePortfolio(setup, count: tasks)
  let now = Timestamp.parse("2026-06-01T09:00", in: .vietnam)!
  let config = HookConfig(command: "/bin/true", timeout: 10)
  let stores = try (0..<nodes).map { n -> EventStore in
    let s = try EventStore(server: url, clock: ManualClock(now))
    s.nodeId = "bench/\(n)"
    return s
  }
  let failures = Mutex<[String]>([])
  let elapsed = seconds {
    let group = DispatchGroup()
    for store in stores {
      group.enter()
      Thread.detachNewThread {
        defer { group.leave() }
        do {
          while true {
            let recorded = try store.processDueTimers(now: now).count
            let delivered = try OutboxDeliverer(store: store, clock: ManualClock(now), config: config).deliverDue().count
            if recorded == 0 && delivered == 0 { break }
          }
        } catch {
          failures.withLock { $0.append("\(error)") }
        }
      }
    }
    group.wait()
  }
  if let f = failures.withLock({ $0.first }) { throw StoreError.corrupt("a node failed: \(f)") }
  let all = try setup.deliveries(limit: 1_000_000)
  let delivered = all.filter { $0.status == .delivered }.count
  let intact = try setup.verify().isIntact
  guard delivered == all.count, intact else { throw StoreError.corrupt("\(delivered) of \(all.count) delivered; chain intact: \(intact)") }
  return (Double(delivered) / elapsed, delivered)
}

func postgresBenchmark() throws {
  print(
    "\n10. PostgreSQL (durable commits): transitions per second beside a bare libpq INSERT loop (target ≥ 0.75 ×); notices drained by 1 and by 3 nodes"
  )
  let cluster = try ScratchCluster.shared(durable: true)
  let count = quick ? 300 : 2000
  var bare: [Double] = []
  var store: [Double] = []
  var cpu: [Double] = []
  var bareCPU: [Double] = []
  // Five rounds each, taken in turn: the bare loop's rate swings between two levels (about 5,500 and 7,200 tx/s on
  // the 2-core machine, as the scheduler puts its client and server on one core or two), and three rounds left the
  // median to chance.
  for _ in 0..<5 {
    let bareURL = try cluster.createDatabase()
    let bareBefore = cpuSeconds()
    bare.append(try barePostgresRate(url: bareURL, count: count))
    bareCPU.append((cpuSeconds() - bareBefore) / Double(count) * 1e6)
    let url = try cluster.createDatabase()
    let before = cpuSeconds()
    store.append(try storeRate(location: url, count: count))
    cpu.append((cpuSeconds() - before) / Double(count) * 1e6)
  }
  let (bareMedian, storeMedian) = (bare.sorted()[bare.count / 2], store.sorted()[store.count / 2])
  print("  bare libpq INSERT per transaction: \(bare.map(format).joined(separator: ", ")) tx/s (median \(format(bareMedian)))")
  print("  stflow store transitions:          \(store.map(format).joined(separator: ", ")) tx/s (median \(format(storeMedian)))")
  print(
    "  CPU of this process per transaction (user + system): store \(cpu.map(format).joined(separator: ", ")) µs, bare loop \(bareCPU.map(format).joined(separator: ", ")) µs"
  )
  record(
    "PostgreSQL: durable transition × bare libpq", storeMedian / bareMedian, "×", .atLeast, 0.75,
    baseline: "store \(format(storeMedian)) tx/s, bare INSERT \(format(bareMedian)) tx/s")
  let tasks = quick ? 100 : 500
  for nodes in [1, 3] {
    let (rate, notices) = try drainRate(cluster: cluster, nodes: nodes, tasks: tasks)
    print("  \(nodes) node\(nodes == 1 ? "" : "s"): \(notices) notices recorded and delivered at \(format(rate))/s")
    record("PostgreSQL: notices drained by \(nodes) node\(nodes == 1 ? "" : "s")", rate, "/s", .none, 0)
  }
}
