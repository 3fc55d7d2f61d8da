import Foundation
import STFlowEngine
import STFlowRules
import STFlowStore

/// Fast-forwards a copy of the store on a simulated clock and reports every notice that would be
/// recorded — reminders, missed deadlines with their consequences, overdue notices — without touching the
/// real database. With `hooks`, the configured hook runs for each notice as it would have, on the copy
/// (for trying the e-mail hook against a sink without a fast clock on real data).
public enum Simulator {
  public struct Entry: Sendable {
    public let at: Date
    public let notice: ProcessedNotice
  }

  public struct Outcome: Sendable {
    public let entries: [Entry]
    /// The hook's deliveries, when it ran, with the payload each one carried.
    public let deliveries: [(report: OutboxDeliverer.Report, payload: String)]
  }

  public static func run(copying store: EventStore, until: Date, from start: Date) throws -> [Entry] {
    try run(copying: store, until: until, from: start, hooks: false).entries
  }

  public static func run(copying store: EventStore, until: Date, from start: Date, hooks: Bool) throws -> Outcome {
    let copy = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-simulate-\(UUID().uuidString).db").path
    defer {
      for suffix in ["", "-wal", "-shm", ".sent-mail"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
    }
    let clock = ManualClock(start)
    // A SQLite store is copied by SQLite itself; a PostgreSQL one, row by row into the SQLite file.
    if store.connection.dialect == .sqlite {
      try store.connection.execute("VACUUM INTO '\(copy.replacingOccurrences(of: "'", with: "''"))'")
    } else {
      _ = try EventStore(path: copy, clock: clock, durability: .normal).copy(from: store)
    }
    let simulated = try EventStore(path: copy, clock: clock, durability: .normal)
    let config = hooks ? try HookConfig.load(from: simulated) : HookConfig()
    var entries: [Entry] = []
    var deliveries: [(OutboxDeliverer.Report, String)] = []
    func deliver() throws {
      guard hooks else { return }
      for r in try OutboxDeliverer(store: simulated, clock: clock, config: config).deliverDue() {
        deliveries.append((r, r.delivery.payload))
      }
    }
    clock.set(start)
    for n in try simulated.processDueTimers(now: start) { entries.append(Entry(at: start, notice: n)) }
    try deliver()
    while true {
      // The next thing to happen: a timer, or a retry of a delivery that failed.
      var next = try simulated.nextTimer()?.fireAt
      if hooks, config.command != nil, let retry = try simulated.nextDeliveryTime(), retry > clock.now() {
        next = min(next ?? retry, retry)
      }
      guard let at = next, at <= until else { break }
      clock.set(max(clock.now(), at))
      for n in try simulated.processDueTimers(now: at) { entries.append(Entry(at: at, notice: n)) }
      try deliver()
    }
    return Outcome(entries: entries, deliveries: deliveries)
  }
}
