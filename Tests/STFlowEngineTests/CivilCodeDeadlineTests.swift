import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules

/// Deadline rules the law states: Bộ luật Dân sự 2015, Điều 148 khoản 5; inclusive month arithmetic;
/// reminders on working days; exact council means; notices never block an earlier real event.
@Suite struct CivilCodeDeadlineTests {
  static let definition = """
    { "id": "civil", "version": 1, "title": "Civil", "calendar": "vn", "roles": ["manager"],
      "fields": { "title": { "type": "string", "required": true }, "end": { "type": "date" } },
      "initial": "active",
      "states": { "active": { "label": "Active" }, "done": { "label": "Done", "final": true } },
      "transitions": [ { "id": "note", "from": "active", "by": ["manager"] },
                       { "id": "finish", "from": "active", "to": "done", "by": ["manager"] } ],
      "deadlines": [
        { "id": "rolled", "due": "end + 30d", "while": ["active"], "metBy": "finish", "rollToWorkingDay": true, "remind": ["-1d"] },
        { "id": "plain", "due": "end + 30d", "while": ["active"], "metBy": "finish", "remind": ["-1d"] } ] }
    """

  let engine: Engine
  init() throws {
    let root = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
    let data = FileManager.default.contents(atPath: root.appendingPathComponent("Workflows/calendars/vn.json").path) ?? Data()
    engine = Engine(
      definition: try DefinitionLoader.load(text: Self.definition), definitionHash: "h",
      calendar: try CalendarLoader.load(json: try JSONParser.parse(bytes: Array(data))))
  }

  func task(end: String) throws -> TaskState {
    var state: TaskState?
    _ = try engine.execute(
      .create(key: "C-1", fields: ["title": .string("t"), "end": .date(LocalDate(iso: end)!)]), on: &state,
      context: CommandContext(actor: Actor(name: "lan", roles: ["manager"]), recordedAt: Timestamp.parse("2026-01-02T09:00", in: .vietnam)!)
    )
    return try #require(state)
  }

  func status(_ id: String, _ t: TaskState) -> DeadlineStatus {
    DeadlineCalculator(engine: engine).status(
      of: engine.definition.deadlines.first { $0.id == id }!, for: t, now: Timestamp.parse("2026-01-05T09:00", in: .vietnam)!)
  }

  @Test func aPeriodEndingOnADayOffEndsOnTheNextWorkingDay() throws {
    // 15/01/2026 + 30 days = Saturday 14/02/2026, inside the Tết holiday (14/02 – 22/02/2026).
    let t = try task(end: "2026-01-15")
    let rolled = status("rolled", t)
    #expect(rolled.dueDate?.description == "2026-02-23")
    #expect(rolled.explanation.contains(.rolled(from: LocalDate(iso: "2026-02-14")!, to: LocalDate(iso: "2026-02-23")!)))
    // Without the rule the due date stays on the day off.
    #expect(status("plain", t).dueDate?.description == "2026-02-14")
    // A working day is left alone.
    #expect(status("rolled", try task(end: "2026-01-16")).dueDate?.description == "2026-02-23")
    #expect(status("rolled", try task(end: "2026-01-27")).dueDate?.description == "2026-02-26")
  }

  @Test func remindersNeverFallOnADayOff() throws {
    // Due Thursday 26/02/2026; no roll needed. Its -1d reminder is Wednesday 25/02, a working day.
    let t = try task(end: "2026-01-27")
    let reminder = try #require(status("rolled", t).timers.first { $0.kind == .reminder })
    #expect(LocalDate(reminder.fireAt, in: .vietnam).description == "2026-02-25")
    // Due Monday 23/02 (rolled past Tết): the day before is Sunday 22/02, and the whole Tết holiday lies
    // behind it, so the reminder goes out on Friday 13/02, the last working day before the holiday.
    let moved = try #require(status("rolled", try task(end: "2026-01-15")).timers.first { $0.kind == .reminder })
    let day = LocalDate(moved.fireAt, in: .vietnam)
    #expect(engine.calendar.isWorkingDay(day))
    #expect(day.description == "2026-02-13")
  }

  @Test(arguments: [
    ("2026-06-30", 6, "2026-12-31"), ("2026-02-28", 6, "2026-08-31"), ("2026-01-31", 1, "2026-02-28"),
    ("2026-03-15", 1, "2026-04-15"), ("2026-04-30", 10, "2027-02-28"), ("2028-02-29", 12, "2029-02-28"), ("2026-11-30", 3, "2027-02-28"),
  ])
  func monthArithmeticKeepsTheMonthEnd(from: String, months: Int, expected: String) {
    #expect(Period(months, .months).added(to: LocalDate(iso: from)!, calendar: WeekdayCalendar()).description == expected)
  }

  @Test func plainMonthStepsStillClampTheDay() {
    // Outside deadline arithmetic (months between two dates), 30/04 + 1 month is still 30/05.
    #expect(LocalDate(iso: "2026-04-30")!.adding(months: 1).description == "2026-05-30")
    #expect(LocalDate(iso: "2026-01-01")!.months(until: LocalDate(iso: "2028-01-01")!) == 24)
  }

  @Test func aNoticeNeverBlocksAnEarlierRealEvent() throws {
    var state: TaskState? = try task(end: "2026-01-15")
    let lan = Actor(name: "lan", roles: ["manager"])
    func at(_ s: String) -> Date { Timestamp.parse(s, in: .vietnam)! }
    _ = try engine.execute(
      .fire(transition: "note", fields: [:], comment: nil), on: &state,
      context: CommandContext(actor: lan, effectiveAt: at("2026-02-01T09:00"), recordedAt: at("2026-03-20T09:00")))
    let timer = try #require(
      DeadlineCalculator(engine: engine).status(of: engine.definition.deadlines[0], for: state!, now: at("2026-03-20T09:00")).timers.first {
        $0.kind == .missed
      })
    // The scheduler records the miss on 24/02, when it was raised.
    _ = try engine.execute(
      .recordNotice(timer: timer), on: &state,
      context: CommandContext(actor: .system, effectiveAt: timer.fireAt, recordedAt: at("2026-03-20T09:00")))
    #expect(state?.lastEffectiveAt == timer.fireAt)
    // A clerk enters a real event of 10/02, after the note and before the notice: accepted.
    _ = try engine.execute(
      .fire(transition: "note", fields: [:], comment: nil), on: &state,
      context: CommandContext(actor: lan, effectiveAt: at("2026-02-10T09:00"), recordedAt: at("2026-03-20T09:00")))
    #expect(state?.lastActedAt == at("2026-02-10T09:00"))
    // Earlier than the latest event a person entered: refused.
    #expect(throws: Rejection.self) {
      _ = try engine.execute(
        .fire(transition: "note", fields: [:], comment: nil), on: &state,
        context: CommandContext(actor: lan, effectiveAt: at("2026-02-05T09:00"), recordedAt: at("2026-03-20T09:00")))
    }
  }
}

@Suite struct ExactMeanTests {
  static func council(round: String?) -> String {
    """
    { "id": "acc", "version": 1, "title": "Acc", "roles": ["manager", "secretary"],
      "fields": { "title": { "type": "string", "required": true } },
      "initial": "open", "states": { "open": { "label": "Open" }, "done": { "label": "Done", "final": true } },
      "transitions": [ { "id": "finish", "from": "open", "to": "done", "by": ["manager"] } ],
      "councils": { "rating": { "openIn": ["open"], "openBy": ["manager"], "closeBy": ["secretary"], "ballot": "score",
        "outcome": { \(round.map { "\"round\": \"\($0)\", " } ?? "")"rating": [ { "if": "score >= 85", "then": "xuat_sac" }, { "if": "score >= 70", "then": "kha" }, { "else": "dat" } ] } } } }
    """
  }

  func close(_ scores: [Int], round: String?) throws -> CouncilSession {
    let engine = Engine(definition: try DefinitionLoader.load(text: Self.council(round: round)), definitionHash: "a")
    let manager = Actor(name: "lan", roles: ["manager"])
    let at = Timestamp.parse("2026-06-01T09:00", in: .vietnam)!
    var state: TaskState?
    func run(_ c: Command, _ a: Actor) throws { _ = try engine.execute(c, on: &state, context: CommandContext(actor: a, recordedAt: at)) }
    let names = scores.indices.map { "m\($0)" }
    try run(.create(key: "A-1", fields: ["title": .string("t")]), manager)
    try run(
      .openCouncil(council: "rating", members: names.map { CouncilMember(name: $0, role: $0 == "m0" ? "chair" : "member") }, related: [:]),
      manager)
    try run(.attend(council: "rating", members: names), Actor(name: "minh", roles: ["secretary"]))
    for (n, s) in zip(names, scores) {
      try run(.ballot(council: "rating", ballot: CouncilBallot(member: n, score: s)), Actor(name: n, roles: []))
    }
    try run(.closeCouncil(council: "rating"), Actor(name: "minh", roles: ["secretary"]))
    return try #require(state?.councils["rating"])
  }

  @Test func theMeanMeetsThresholdsUnrounded() throws {
    // 85 + 85 + 85 + 84 + 84 = 423, a mean of 84.6: below 85, so Khá — not Xuất sắc by rounding.
    let s = try close([85, 85, 85, 84, 84], round: nil)
    #expect(s.outcome == "kha")
    #expect(s.reasoning.contains { $0.contains("423/5 = 84.6 (compared unrounded)") })
    // Exactly 85 passes.
    #expect(try close([85, 86, 84], round: nil).outcome == "xuat_sac")
  }

  @Test func aDeclaredRoundingIsApplied() throws {
    let s = try close([85, 85, 85, 84, 84], round: "nearest")
    #expect(s.outcome == "xuat_sac")
    #expect(s.reasoning.contains { $0.contains("rounded nearest to 85") })
    #expect(try close([85, 85, 85, 84, 84], round: "down").outcome == "kha")
  }

  @Test func anUnknownRoundingIsRefusedAtItsPath() {
    #expect {
      _ = try DefinitionLoader.load(text: Self.council(round: "banker"))
    } throws: { error in
      "\(error)".contains("$.councils.rating.outcome.round") && "\(error)".contains("expected one of none, nearest, down")
    }
  }
}
