import Foundation
import STFlowEngine
import STFlowRules
import STFlowStore

/// Fast-forwards a copy of the store on a simulated clock and reports every notice that would be
/// recorded — reminders, missed deadlines with their consequences, overdue notices — without running
/// hooks or touching the real database.
public enum Simulator {
  public struct Entry: Sendable {
    public let at: Date
    public let notice: ProcessedNotice
  }

  public static func run(copying store: EventStore, until: Date, from start: Date) throws -> [Entry] {
    let copy = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-simulate-\(UUID().uuidString).db").path
    try store.connection.execute("VACUUM INTO '\(copy.replacingOccurrences(of: "'", with: "''"))'")
    defer {
      for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
    }
    let clock = ManualClock(start)
    let simulated = try EventStore(path: copy, clock: clock, durability: .normal)
    var entries: [Entry] = []
    clock.set(start)
    for n in try simulated.processDueTimers(now: start) { entries.append(Entry(at: start, notice: n)) }
    while let next = try simulated.nextTimer(), next.fireAt <= until {
      clock.set(max(clock.now(), next.fireAt))
      for n in try simulated.processDueTimers(now: next.fireAt) { entries.append(Entry(at: next.fireAt, notice: n)) }
    }
    return entries
  }
}
