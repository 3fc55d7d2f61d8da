import Foundation

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowScheduler
@testable import STFlowStore

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A store with the `review` fixture (deadlines on the vn calendar) on a manual clock.
struct SchedulerHarness {
  let folder: URL
  let path: String
  let clock: ManualClock
  let store: EventStore
  let hcm = TimeZone.vietnam

  /// `catchUp` replaces the decision deadline's policy.
  init(catchUp: String? = nil) throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-sched-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    path = folder.appendingPathComponent("s.db").path
    clock = ManualClock(Timestamp.parse("2026-11-27T09:00", in: .vietnam)!)
    store = try EventStore(path: path, clock: clock, durability: .normal)
    let calendar = try JSONParser.parse(
      bytes: Array(
        FileManager.default.contents(atPath: repositoryRoot.appendingPathComponent("Workflows/calendars/vn.json").path) ?? Data()))
    try store.loadCalendar(calendar)
    var text = try String(contentsOfFile: repositoryRoot.appendingPathComponent("Tests/Fixtures/deadlines.json").path, encoding: .utf8)
    if let catchUp {
      text = text.replacingOccurrences(
        of: "\"notify\": [\"manager\"], \"basis\"", with: "\"notify\": [\"manager\"], \"catchUp\": \"\(catchUp)\", \"basis\"")
    }
    try store.loadDefinition(try DefinitionLoader.load(text: text), by: "test")
    try store.addActor(Actor(name: "lan", roles: ["manager"], email: "lan@so.vn"), by: nil)
    try store.addActor(Actor(name: "an", roles: ["applicant"], email: "an@vien.vn"), by: nil)
  }

  func time(_ s: String) -> Date { Timestamp.parse(s, in: hcm)! }

  /// R-1 submitted on Friday 2026-11-27: the decision is due 2026-12-18 (reminders 15th and 17th at 08:00,
  /// missed on the 19th at 00:00, overdue notices 25 Dec, 1 and 8 Jan).
  func submitted(_ key: String = "R-1") throws {
    try store.execute(.create(key: key, fields: ["title": .string("Bí thơm")]), taskKey: key, workflow: "review", actorName: "lan")
    try store.execute(
      .fire(transition: "submit", fields: ["submittedOn": .date(LocalDate(iso: "2026-11-27")!)], comment: nil), taskKey: key,
      actorName: "an")
  }

  func process(at text: String) throws -> [ProcessedNotice] {
    clock.set(time(text))
    return try store.processDueTimers(now: time(text))
  }

  func summary(_ notices: [ProcessedNotice]) -> [String] {
    notices.map { "\($0.outcome.rawValue) \($0.timer.kind.rawValue) \($0.timer.step)" }
  }
}
