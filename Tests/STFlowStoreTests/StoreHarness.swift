import Foundation
import STFlowPostgresCluster
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Fixtures/grant.json").path

/// The store's two backends: the store's suites run each test on both.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite, postgresql
  var testDescription: String { rawValue }

  /// A new, empty database: a file in `directory`, or a database of its own on the scratch PostgreSQL cluster.
  func newLocation(in directory: URL) throws -> String {
    switch self {
    case .sqlite: directory.appendingPathComponent("test.db").path
    case .postgresql: try ScratchCluster.shared().createDatabase()
    }
  }
}

/// A fresh database (a file in a temporary folder, or a PostgreSQL database) with the `grant` workflow and a few
/// actors, on a manual clock.
struct StoreHarness {
  let directory: URL
  /// The database's file, or its PostgreSQL URL.
  let path: String
  let backend: Backend
  let clock: ManualClock
  let store: EventStore

  init(_ backend: Backend = .sqlite) throws {
    self.backend = backend
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    path = try backend.newLocation(in: directory)
    clock = ManualClock(Timestamp.parse("2026-03-01T09:00:00+07:00", in: TimeZone(secondsFromGMT: 0)!)!)
    store = try EventStore(location: path, clock: clock)
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

  /// A store on a new database with nothing in it.
  static func empty(_ backend: Backend) throws -> EventStore {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try EventStore(location: try backend.newLocation(in: directory), clock: ManualClock(Date(timeIntervalSince1970: 1_790_000_000)))
  }

  /// The same database opened again, as another process would.
  func reopened() throws -> EventStore { try EventStore(location: path, clock: clock) }

  /// Every row of every table, as text: equal dumps mean equal content.
  func dump() throws -> String {
    var out = ""
    for table in ["meta", "definitions", "actors", "events", "tasks", "requests", "chain_head"] {
      for row in try store.connection.query("SELECT * FROM \(table) ORDER BY 1") { out += "\(table): \(row)\n" }
    }
    return out
  }
}
