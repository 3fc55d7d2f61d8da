import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

@Suite struct PeriodReportTests {
  let h: StoreHarness
  init() throws {
    h = try StoreHarness()
    h.clock.set(Timestamp.parse("2026-11-24T09:00", in: .vietnam)!)
    let root = URL(fileURLWithPath: fixture).deletingLastPathComponent()
    try h.store.loadDefinition(try DefinitionLoader.load(file: root.appendingPathComponent("report.json").path), by: "test")
    try h.store.addActor(Actor(name: "m1", roles: ["member"]), by: nil)
    try h.store.addActor(Actor(name: "m2", roles: ["member"]), by: nil)
  }

  func at(_ s: String) -> Date { Timestamp.parse(s, in: .vietnam)! }

  func run(_ key: String, _ command: Command, _ day: String, actor: String = "lan") throws {
    try h.store.execute(command, taskKey: key, workflow: "portfolio", actorName: actor, effectiveAt: at(day))
  }

  func create(_ key: String, _ day: String, level: String = "provincial") throws {
    try run(key, .create(key: key, fields: ["title": .string(key), "level": .string(level)]), day)
  }

  func fire(_ key: String, _ t: String, _ day: String, _ fields: [String: Value] = [:], comment: String? = nil) throws {
    try run(key, .fire(transition: t, fields: fields, comment: comment), day)
  }

  /// A portfolio around the period 2026-01-01 … 2026-06-30.
  func portfolio() throws {
    try create("A", "2025-03-01")  // carried over, accepted in the period
    try fire("A", "approve", "2025-03-10")
    try fire("A", "sign", "2025-04-01", ["start": .date(LocalDate(iso: "2025-04-01")!)])
    try fire("A", "inspect", "2025-12-01")  // before the period
    try fire("A", "report", "2026-02-01")
    try fire("A", "accept", "2026-05-10", ["rating": .string("kha")])
    try create("B", "2026-02-01", level: "grassroots")  // new; a council sits on it
    try fire("B", "approve", "2026-02-10")
    try run(
      "B",
      .openCouncil(
        council: "review", members: [CouncilMember(name: "m1", role: "chair"), CouncilMember(name: "m2", role: "member")], related: [:]),
      "2026-04-01")
    try run("B", .attend(council: "review", members: ["m1", "m2"]), "2026-04-01")
    try run("B", .ballot(council: "review", ballot: CouncilBallot(member: "", vote: "yes")), "2026-04-01", actor: "m1")
    try run("B", .ballot(council: "review", ballot: CouncilBallot(member: "", vote: "yes")), "2026-04-01", actor: "m2")
    try run("B", .closeCouncil(council: "review"), "2026-04-01")
    try fire("B", "sign", "2026-04-02", ["start": .date(LocalDate(iso: "2026-04-02")!)])
    try fire("B", "extend", "2026-06-30T23:59")  // the last minute of the period
    try create("C", "2025-01-01")  // ended before the period: not managed
    try fire("C", "terminate", "2025-12-31T23:59", comment: "hết kinh phí")
    try create("D", "2025-06-01")  // terminated on the first minute of the period
    try fire("D", "terminate", "2026-01-01T00:00", comment: "chủ nhiệm chuyển công tác")
    try create("E", "2026-07-01")  // after the period
    // F: carried over; its report was entered months later, backfilled to March.
    try create("F", "2025-11-01")
    try fire("F", "approve", "2025-11-02")
    try fire("F", "sign", "2025-11-03", ["start": .date(LocalDate(iso: "2025-07-01")!)])
    try fire("F", "report", "2026-03-15")
  }

  @Test func everyCountListsItsTasks() throws {
    try portfolio()
    let r = try h.store.periodReport(from: LocalDate(iso: "2026-01-01")!, to: LocalDate(iso: "2026-06-30")!, workflow: "portfolio")
    #expect(r.managed.sorted() == ["A", "B", "D", "F"])
    #expect(r.carriedOver.sorted() == ["A", "D", "F"])
    #expect(r.new == ["B"])
    #expect(r.byLevel["provincial"]?.sorted() == ["A", "D", "F"])
    #expect(r.byLevel["grassroots"] == ["B"])
    #expect(r.categories["approved"] == ["B"])
    #expect(r.categories["contracted"] == ["B"])
    #expect(r.categories["progressReport"]?.sorted() == ["A", "F"])
    #expect(r.categories["inspection"] == nil)
    #expect(r.categories["extension"] == ["B"])
    #expect(r.categories["termination"] == ["D"])
    #expect(r.terminations.map { "\($0.key): \($0.reason)" } == ["D: chủ nhiệm chuyển công tác"])
    #expect(r.acceptances == ["kha": ["A"]])
    #expect(r.councils.count == 1)
    #expect(r.councils.first?.held == ["B"])
    #expect(r.councils.first?.outcomes == ["approved": ["B"]])
    #expect(r.deadlinesMet.map { "\($0.key)/\($0.deadline)" }.sorted() == ["A/report_due", "F/report_due"])
    // At the end of June, F's second report (due 2026-07-01) is not yet late; B's first is due in October.
    #expect(r.overdueAtEnd.isEmpty)
    #expect(r.deadlinesMissed.isEmpty)
  }

  @Test func whatIsOverdueAtTheEndIsListed() throws {
    try portfolio()
    let r = try h.store.periodReport(from: LocalDate(iso: "2026-07-01")!, to: LocalDate(iso: "2026-07-31")!, workflow: "portfolio")
    #expect(r.overdueAtEnd.map { "\($0.key)/\($0.deadline)/\($0.days)" } == ["F/report_due/30"])
    // Due on 1 July and unmet: missed in July, even though no scheduler recorded it.
    #expect(r.deadlinesMissed.map { "\($0.key)/\($0.deadline)" } == ["F/report_due"])
    #expect(r.new == ["E"])
    #expect(r.managed.sorted() == ["B", "E", "F"])
  }
}
