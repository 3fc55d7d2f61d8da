import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules

let fixturesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
  "Fixtures")

/// Drives the `review` fixture (deadlines on the Vietnamese calendar) with exact times.
struct DeadlineHarness {
  let engine: Engine
  let hcm = TimeZone.vietnam
  static let manager = Actor(name: "lan", roles: ["manager"])
  static let applicant = Actor(name: "an", roles: ["applicant"])

  init() throws {
    let root = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
    let data = FileManager.default.contents(atPath: root.appendingPathComponent("Workflows/calendars/vn.json").path) ?? Data()
    let calendar = try CalendarLoader.load(json: try JSONParser.parse(bytes: Array(data)))
    engine = Engine(
      definition: try DefinitionLoader.load(file: fixturesFolder.appendingPathComponent("deadlines.json").path), definitionHash: "h",
      calendar: calendar)
  }

  func time(_ s: String) -> Date { Timestamp.parse(s, in: hcm)! }
  func date(_ s: String) -> Value { .date(LocalDate(iso: s)!) }

  func run(_ command: Command, on task: TaskState?, as actor: Actor, at: String) throws -> TaskState {
    var state = task
    _ = try engine.execute(command, on: &state, context: CommandContext(actor: actor, recordedAt: time(at)))
    return state!
  }

  func status(_ id: String, _ task: TaskState, at: String, history: [FieldChange] = []) -> DeadlineStatus {
    let d = engine.definition.deadlines.first { $0.id == id }!
    return DeadlineCalculator(engine: engine).status(of: d, for: task, now: time(at), history: history)
  }

  func submitted(on day: String) throws -> TaskState {
    let t = try run(.create(key: "R-1", fields: ["title": .string("t")]), on: nil, as: Self.manager, at: day)
    return try run(.fire(transition: "submit", fields: ["submittedOn": date(day)], comment: nil), on: t, as: Self.applicant, at: day)
  }

  func active(start: String, end: String, at: String) throws -> TaskState {
    var t = try submitted(on: at)
    t = try run(
      .fire(transition: "approve", fields: ["start": date(start), "end": date(end)], comment: nil), on: t, as: Self.manager, at: at)
    return t
  }
}

@Suite struct DeadlineTests {
  @Test func workingDaysCrossTet() throws {
    let h = try DeadlineHarness()
    let t = try h.submitted(on: "2026-02-06")
    let s = h.status("decision", t, at: "2026-02-06T10:00")
    #expect(s.phase == .pending)
    #expect(s.dueDate?.description == "2026-03-06")
    #expect(s.daysLeft == 28)
    #expect(s.explanation.contains(.workingDays(amount: 15, calendar: "vn")))
    let tet = DeadlineNote.DaysOff(first: LocalDate(iso: "2026-02-14")!, last: LocalDate(iso: "2026-02-22")!, holiday: "Tết Nguyên Đán")
    #expect(s.explanation.contains { if case .skipped(let runs) = $0 { return runs.contains(tet) } else { return false } })
    #expect(s.explanation.contains(.basis("Test rule: 15 working days")))
  }

  @Test func workingDaysCrossAWeekend() throws {
    let h = try DeadlineHarness()
    let s = h.status("decision", try h.submitted(on: "2026-11-27"), at: "2026-11-27T10:00")
    #expect(s.dueDate?.description == "2026-12-18")
    // Weekly rest days are listed one by one: 28 and 29 November, 5–6 and 12–13 December.
    let skipped: [DeadlineNote.DaysOff] =
      s.explanation.compactMap { note -> [DeadlineNote.DaysOff]? in if case .skipped(let runs) = note { return runs } else { return nil } }
      .first ?? []
    #expect(skipped.count == 6)
    #expect(skipped.first == DeadlineNote.DaysOff(first: LocalDate(iso: "2026-11-28")!, last: LocalDate(iso: "2026-11-28")!, holiday: nil))
  }

  @Test func aPauseStopsTheClockAndResumeKeepsTheRemainingTime() throws {
    let h = try DeadlineHarness()
    var t = try h.submitted(on: "2026-11-27")  // due 2026-12-18
    t = try h.run(.fire(transition: "ask", fields: [:], comment: nil), on: t, as: DeadlineHarness.manager, at: "2026-12-01T09:00")
    let paused = h.status("decision", t, at: "2026-12-05T09:00")
    #expect(paused.phase == .paused)
    #expect(paused.dueDate?.description == "2026-12-22")  // 4 days stopped so far
    #expect(paused.timers.isEmpty)
    t = try h.run(.fire(transition: "answer", fields: [:], comment: nil), on: t, as: DeadlineHarness.applicant, at: "2026-12-11T09:00")
    let resumed = h.status("decision", t, at: "2026-12-11T10:00")
    #expect(resumed.phase == .pending)
    #expect(resumed.dueDate?.description == "2026-12-28")  // 10 days stopped
    #expect(
      resumed.explanation.contains(
        .clockStopped(days: 10, pausedIn: ["waiting"], from: LocalDate(iso: "2026-12-18")!, to: LocalDate(iso: "2026-12-28")!)))
  }

  @Test func anExtensionMovesTheDueDateAndSaysWhy() throws {
    let h = try DeadlineHarness()
    var t = try h.active(start: "2026-01-15", end: "2026-12-31", at: "2026-01-15")
    #expect(h.status("final", t, at: "2026-06-01").dueDate?.description == "2027-01-30")
    t = try h.run(
      .fire(transition: "extend", fields: ["newEnd": h.date("2027-06-30")], comment: nil), on: t, as: DeadlineHarness.manager,
      at: "2026-06-01")
    let change = FieldChange(
      field: "end", old: h.date("2026-12-31"), new: h.date("2027-06-30"), transition: "extend", actor: "lan", at: h.time("2026-06-01"))
    let s = h.status("final", t, at: "2026-06-02", history: [change])
    #expect(s.dueDate?.description == "2027-07-30")
    #expect(s.explanation.contains(.changed(change)))
  }

  @Test func recurringReportsCountMissedOccurrences() throws {
    let h = try DeadlineHarness()
    var t = try h.active(start: "2025-08-31", end: "2027-08-30", at: "2025-09-01")
    // Six months from 31 August is clamped to 28 February.
    #expect(h.status("report", t, at: "2025-10-01").dueDate?.description == "2026-02-28")
    t = try h.run(.fire(transition: "report", fields: [:], comment: nil), on: t, as: DeadlineHarness.applicant, at: "2026-02-20")
    let second = h.status("report", t, at: "2026-03-01")
    #expect(second.occurrence == 2)
    #expect(second.dueDate?.description == "2026-08-31")
    let late = h.status("report", t, at: "2027-03-05")
    #expect(late.phase == .overdue)
    #expect(late.missed == 2)  // 2026-08-31 and 2027-02-28
    #expect(late.explanation.contains(.consequence(missed: 2, applied: true)))
    #expect(h.status("report", t, at: "2026-09-05").explanation.contains(.consequence(missed: 1, applied: false)))
  }

  @Test func timersFollowTheLadders() throws {
    let h = try DeadlineHarness()
    let s = h.status("decision", try h.submitted(on: "2026-11-27"), at: "2026-11-27T10:00")  // due 2026-12-18
    let plan = s.timers.map { "\($0.kind.rawValue) \(Timestamp.formatLocal($0.fireAt, in: h.hcm)) \($0.recipients.joined(separator: ","))" }
    #expect(
      plan == [
        "reminder 2026-12-15 08:00 manager", "reminder 2026-12-17 08:00 manager", "missed 2026-12-19 00:00 manager,manager",
        "overdue 2026-12-25 08:00 manager,manager", "overdue 2027-01-01 08:00 manager,manager", "overdue 2027-01-08 08:00 manager,manager",
      ])
    #expect(Set(s.timers.map(\.key)).count == s.timers.count)
    #expect(s.timers.first?.key == "R-1|decision|1|2026-12-18|reminder|-3d")
  }

  @Test func aMetOrInactiveDeadlineHasNoTimers() throws {
    let h = try DeadlineHarness()
    let t = try h.active(start: "2026-01-15", end: "2026-12-31", at: "2026-01-15")
    let decision = h.status("decision", t, at: "2026-01-16")
    #expect(decision.phase == .met)
    #expect(decision.timers.isEmpty)
    let draft = try h.run(.create(key: "R-2", fields: ["title": .string("x")]), on: nil, as: DeadlineHarness.manager, at: "2026-01-15")
    #expect(h.status("final", draft, at: "2026-01-16").phase == .inactive)
  }
}
