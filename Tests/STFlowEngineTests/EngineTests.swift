import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules

let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Fixtures/grant.json").path

/// Drives the `grant` fixture workflow through the pure engine with a fixed clock.
struct Harness {
  let engine: Engine
  let hcm = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
  var now: Date

  init() throws {
    engine = Engine(definition: try DefinitionLoader.load(file: fixture), definitionHash: "test-hash")
    now = Timestamp.parse("2026-03-01T09:00", in: TimeZone(identifier: "Asia/Ho_Chi_Minh")!)!
  }

  static let manager = Actor(name: "lan", roles: ["manager"])
  static let approver = Actor(name: "hung", roles: ["approver"])
  static let clerk = Actor(name: "mai", roles: ["clerk"])
  static let nobody = Actor(name: "khach", roles: [])

  func context(_ actor: Actor, at: String? = nil, expectedVersion: Int? = nil) -> CommandContext {
    CommandContext(
      actor: actor, effectiveAt: at.flatMap { Timestamp.parse($0, in: hcm) }, recordedAt: now, expectedVersion: expectedVersion)
  }

  func run(_ command: Command, on task: TaskState?, as actor: Actor, at: String? = nil) throws(Rejection) -> TaskState {
    var state = task
    for e in try engine.decide(command, on: task, context: context(actor, at: at)) { Engine.evolve(&state, e) }
    return state!
  }

  func date(_ s: String) -> Value { .date(LocalDate(iso: s)!) }

  /// A task in `active`, with budget, cap and end set, investigator `binh`.
  func activeTask() throws -> TaskState {
    var t = try run(
      .create(key: "G-1", fields: ["title": .string("Bí thơm"), "investigator": .string("binh")]), on: nil, as: Harness.manager,
      at: "2026-01-05")
    t = try run(
      .fire(transition: "submit", fields: ["budget": .money(900), "cap": .money(1000)], comment: nil), on: t, as: Harness.manager,
      at: "2026-01-10")
    t = try run(
      .fire(transition: "approve", fields: ["end": date("2026-12-31")], comment: nil), on: t, as: Harness.approver, at: "2026-01-20")
    return t
  }

  func rejection(_ command: Command, on task: TaskState?, as actor: Actor, at: String? = nil, expectedVersion: Int? = nil) -> Rejection? {
    do {
      _ = try engine.decide(command, on: task, context: context(actor, at: at, expectedVersion: expectedVersion))
      return nil
    } catch {
      return error
    }
  }
}

@Suite struct EngineTests {
  @Test func aTaskMovesThroughItsStates() throws {
    let h = try Harness()
    let t = try h.activeTask()
    #expect(t.state == "active")
    #expect(t.version == 3)
    #expect(t.fields["budget"] == .money(900))
    #expect(t.counts == ["submit": 1, "approve": 1])
    #expect(Timestamp.format(t.enteredAt) == "2026-01-19T17:00:00.000Z")
  }

  @Test func creationNeedsRequiredFieldsAndTheCreatorRole() throws {
    let h = try Harness()
    #expect(h.rejection(.create(key: "G-2", fields: [:]), on: nil, as: Harness.manager)?.rule == .requiredField)
    let r = h.rejection(.create(key: "G-2", fields: ["title": .string("x")]), on: nil, as: Harness.clerk)
    #expect(r?.rule == .roleRequired)
    #expect(r?.message.contains("needs one of the roles manager but holds clerk") == true)
  }

  @Test func anUnknownTransitionListsWhatCanBeFired() throws {
    let h = try Harness()
    let r = h.rejection(.fire(transition: "launch", fields: [:], comment: nil), on: try h.activeTask(), as: Harness.manager)
    #expect(r?.rule == .unknownTransition)
    #expect(r?.message.contains("you can fire: report, extend, rate, cancel, note") == true)
  }

  @Test func aTransitionFromAnotherStateIsRefused() throws {
    let h = try Harness()
    let r = h.rejection(.fire(transition: "submit", fields: [:], comment: nil), on: try h.activeTask(), as: Harness.manager)
    #expect(r?.rule == .wrongState)
    #expect(r?.message.contains("fires only from draft; the task is in 'active'") == true)
    #expect(r?.basis == "Test rule 1/2026")
  }

  @Test func aTaskScopedRoleComesFromAnActorField() throws {
    let h = try Harness()
    let t = try h.activeTask()
    let binh = Actor(name: "binh", roles: [])
    let reported = try h.run(.fire(transition: "report", fields: ["score": .integer(80)], comment: nil), on: t, as: binh)
    #expect(reported.state == "active")
    #expect(reported.fields["score"] == .integer(80))
    let other = Actor(name: "an", roles: [])
    #expect(
      h.rejection(.fire(transition: "report", fields: ["score": .integer(80)], comment: nil), on: t, as: other)?.rule == .roleRequired)
  }

  @Test func missingRequiredFieldsAreNamed() throws {
    let h = try Harness()
    let t = try h.run(.create(key: "G-1", fields: ["title": .string("x")]), on: nil, as: Harness.manager)
    let r = h.rejection(.fire(transition: "submit", fields: ["budget": .money(5)], comment: nil), on: t, as: Harness.manager)
    #expect(r?.rule == .requiredField)
    #expect(r?.message == "transition 'submit' requires cap, which has no value")
  }

  @Test func aFalseGuardReportsTheValuesItSaw() throws {
    let h = try Harness()
    let t = try h.run(.create(key: "G-1", fields: ["title": .string("x")]), on: nil, as: Harness.manager)
    let r = h.rejection(
      .fire(transition: "submit", fields: ["budget": .money(2000), "cap": .money(1000)], comment: nil), on: t, as: Harness.manager)
    #expect(r?.rule == .guardFailed)
    #expect(r?.message == "the guard of transition 'submit' is false: budget <= cap")
    #expect(r?.values.map { "\($0.0)=\($0.1)" } == ["budget=2.000 VND", "cap=1.000 VND"])
  }

  @Test func aCommentIsRequiredWhereTheRuleSaysSo() throws {
    let h = try Harness()
    let t = try h.activeTask()
    #expect(h.rejection(.fire(transition: "cancel", fields: [:], comment: "  "), on: t, as: Harness.manager)?.rule == .commentRequired)
    #expect(try h.run(.fire(transition: "cancel", fields: [:], comment: "no funds"), on: t, as: Harness.manager).state == "cancelled")
  }

  @Test func aClosedTaskAcceptsNothing() throws {
    let h = try Harness()
    let t = try h.run(.fire(transition: "cancel", fields: [:], comment: "stop"), on: try h.activeTask(), as: Harness.manager)
    #expect(h.rejection(.fire(transition: "note", fields: [:], comment: nil), on: t, as: Harness.manager)?.rule == .taskClosed)
    #expect(h.rejection(.set(fields: ["title": .string("y")], comment: nil), on: t, as: Harness.manager)?.rule == .taskClosed)
  }

  @Test func anExpectedVersionGuardsAgainstLostUpdates() throws {
    let h = try Harness()
    let t = try h.activeTask()
    #expect(
      h.rejection(.fire(transition: "note", fields: [:], comment: nil), on: t, as: Harness.manager, expectedVersion: 2)?.rule
        == .versionConflict)
    #expect(h.rejection(.fire(transition: "note", fields: [:], comment: nil), on: t, as: Harness.manager, expectedVersion: 3) == nil)
  }

  @Test func effectiveTimesCannotGoBackwardsOrIntoTheFuture() throws {
    let h = try Harness()
    let t = try h.activeTask()
    let back = h.rejection(.fire(transition: "note", fields: [:], comment: nil), on: t, as: Harness.manager, at: "2026-01-15")
    #expect(back?.rule == .effectiveTime)
    #expect(back?.isBadInput == true)
    #expect(
      h.rejection(.fire(transition: "note", fields: [:], comment: nil), on: t, as: Harness.manager, at: "2026-04-01")?.rule
        == .effectiveTime)
  }

  @Test func assignmentsAreRecordedInTheEvent() throws {
    let h = try Harness()
    let t = try h.activeTask()
    let events = try h.engine.decide(
      .fire(transition: "extend", fields: ["newEnd": h.date("2027-06-30")], comment: nil), on: t, context: h.context(Harness.approver))
    guard case .fired(_, _, _, let fields, _, _) = events.first?.payload else {
      Issue.record("expected a fired event")
      return
    }
    #expect(fields["end"] == h.date("2027-06-30"))
    let extended = try Engine.evolve(t, events[0])
    #expect(extended.fields["end"] == h.date("2027-06-30"))
    // Once only.
    let again = h.rejection(
      .fire(transition: "extend", fields: ["newEnd": h.date("2027-09-30")], comment: nil), on: extended, as: Harness.approver)
    #expect(again?.rule == .guardFailed)
    #expect(again?.values.first.map { "\($0.0)=\($0.1)" } == "count.extend=1")
  }

  @Test func anAutomaticTransitionFiresWhenItsGuardBecomesTrue() throws {
    let h = try Harness()
    let t = try h.activeTask()
    let b = try h.run(.fire(transition: "rate", fields: ["rating": .string("b")], comment: nil), on: t, as: Harness.approver)
    #expect(b.state == "active")
    let events = try h.engine.decide(
      .fire(transition: "rate", fields: ["rating": .string("a")], comment: nil), on: b, context: h.context(Harness.approver))
    #expect(events.count == 2)
    #expect(events[1].actor == "system")
    #expect(events[1].sequence == b.version + 2)
    guard case .fired("finish", "active", "done", _, _, true) = events[1].payload else {
      Issue.record("expected the automatic finish, got \(events[1].payload)")
      return
    }
    // Nobody may fire an automatic transition by hand.
    #expect(h.rejection(.fire(transition: "finish", fields: [:], comment: nil), on: b, as: Harness.manager)?.rule == .roleRequired)
  }

  @Test func fieldsAreSetOnlyByTheirEditors() throws {
    let h = try Harness()
    let t = try h.activeTask()
    #expect(h.rejection(.set(fields: ["note": .string("x")], comment: nil), on: t, as: Harness.manager)?.rule == .roleRequired)
    let noted = try h.run(.set(fields: ["note": .string("đã nhắc")], comment: nil), on: t, as: Harness.clerk)
    #expect(noted.fields["note"] == .string("đã nhắc"))
    let cleared = try h.run(.set(fields: ["note": .null], comment: nil), on: noted, as: Harness.clerk)
    #expect(cleared.fields["note"] == nil)
    #expect(h.rejection(.set(fields: ["title": .null], comment: nil), on: t, as: Harness.manager)?.rule == .requiredField)
  }

  @Test func valuesMustMatchTheirFieldTypes() throws {
    let h = try Harness()
    let t = try h.activeTask()
    #expect(h.rejection(.set(fields: ["budget": .string("much")], comment: nil), on: t, as: Harness.manager)?.rule == .invalidValue)
    #expect(h.rejection(.set(fields: ["rating": .string("c")], comment: nil), on: t, as: Harness.manager)?.rule == .invalidValue)
    #expect(h.rejection(.set(fields: ["colour": .string("red")], comment: nil), on: t, as: Harness.manager)?.rule == .unknownField)
  }

  @Test func documentsAreAttachedWithTheirDigest() throws {
    let h = try Harness()
    let t = try h.activeTask()
    let doc = DocumentRef(name: "ho-so.pdf", uri: "file:///srv/ho-so.pdf", sha256: String(repeating: "AB", count: 32))
    let binh = Actor(name: "binh", roles: [])
    let attached = try h.run(.attach(field: "dossier", document: doc), on: t, as: binh)
    #expect(attached.documents["dossier"]?.sha256 == String(repeating: "ab", count: 32))
    #expect(attached.fields["dossier"] == .string("ho-so.pdf"))
    var bad = doc
    bad.sha256 = "1234"
    #expect(h.rejection(.attach(field: "dossier", document: bad), on: t, as: binh)?.rule == .invalidValue)
    #expect(h.rejection(.attach(field: "title", document: doc), on: t, as: binh)?.rule == .unknownField)
  }

  @Test func replayingTheEventsGivesTheSameState() throws {
    let h = try Harness()
    var state: TaskState?
    var events: [Event] = []
    var commands: [(Command, Actor)] = [
      (.create(key: "G-9", fields: ["title": .string("t"), "investigator": .string("binh")]), Harness.manager),
      (.fire(transition: "submit", fields: ["budget": .money(1), "cap": .money(2)], comment: nil), Harness.manager),
      (.fire(transition: "approve", fields: ["end": h.date("2026-12-31")], comment: nil), Harness.approver),
      (.set(fields: ["note": .string("n")], comment: "c"), Harness.clerk),
    ]
    commands.append((.fire(transition: "rate", fields: ["rating": .string("a")], comment: nil), Harness.approver))
    for (command, actor) in commands {
      let new = try h.engine.decide(command, on: state, context: h.context(actor))
      events += new
      for e in new { state = try Engine.evolve(state, e) }
    }
    let replayed = try events.reduce(nil as TaskState?) { try Engine.evolve($0, $1) }
    #expect(replayed == state)
    #expect(state?.state == "done")
    #expect(events.map(\.sequence) == Array(1...6))
  }
}
