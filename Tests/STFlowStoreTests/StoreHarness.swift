import Foundation

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Fixtures/grant.json").path

/// A fresh database in a temporary folder with the `grant` workflow and a few actors, on a manual clock.
struct StoreHarness {
  let directory: URL
  let path: String
  let clock: ManualClock
  let store: EventStore

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    path = directory.appendingPathComponent("test.db").path
    clock = ManualClock(Timestamp.parse("2026-03-01T09:00:00+07:00", in: TimeZone(secondsFromGMT: 0)!)!)
    store = try EventStore(path: path, clock: clock)
    try store.loadDefinition(try DefinitionLoader.load(file: fixture), by: "test")
    for (name, roles) in [("lan", ["manager"]), ("hung", ["approver"]), ("mai", ["clerk"]), ("binh", [])] {
      try store.addActor(Actor(name: name, roles: Set(roles)), by: nil)
    }
  }

  func date(_ s: String) -> Value { .date(LocalDate(iso: s)!) }

  /// Creates G-1 and takes it to `active`.
  @discardableResult
  func activeTask(_ key: String = "G-1") throws -> TaskState {
    try store.execute(.create(key: key, fields: ["title": .string("Bí thơm")]), taskKey: key, workflow: "grant", actorName: "lan")
    try store.execute(
      .fire(transition: "submit", fields: ["budget": .money(900), "cap": .money(1000)], comment: nil), taskKey: key, actorName: "lan")
    return try store.execute(
      .fire(transition: "approve", fields: ["end": date("2026-12-31")], comment: nil), taskKey: key, actorName: "hung"
    ).task
  }

  /// Every row of every table, as text: equal dumps mean equal content.
  func dump() throws -> String {
    var out = ""
    for table in ["meta", "definitions", "actors", "events", "tasks", "requests", "chain_head"] {
      for row in try store.connection.query("SELECT * FROM \(table) ORDER BY 1") { out += "\(table): \(row)\n" }
    }
    return out
  }
}
