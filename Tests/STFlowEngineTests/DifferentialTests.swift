import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules

/// Random command sequences through the engine's fast path (``Engine/execute(_:on:context:)``: the task
/// folded in place, automatic transitions looked up through the plan made when the engine is made) against a
/// straightforward reference: every command decided on the task folded afresh from all its events, and every
/// automatic transition's guard evaluated after every command. Both must give the same events, refusals
/// and states, and a copy of a task taken before a command must not change with it.
@Suite struct DifferentialTests {
  static let sequences = 2_000
  static let steps = 12

  /// A workflow whose automatic transitions read a field an in-state action sets, a transition's count and
  /// its last firing, and the business date (late → open → busy → late may repeat, twice at most, so no
  /// command reaches the engine's limit of automatic steps).
  static let automatic = """
    {"id": "auto", "version": 1, "title": "Automatic", "roles": ["manager"], "createBy": ["manager"], "editBy": ["manager"],
     "fields": {"title": {"type": "string", "required": true}, "level": {"type": "integer"}, "until": {"type": "date"}},
     "initial": "open",
     "states": {"open": {"label": "Open"}, "busy": {"label": "Busy"}, "late": {"label": "Late"}, "done": {"label": "Done", "final": true}},
     "transitions": [
       {"id": "poke", "from": ["open", "busy", "late"], "by": ["manager"]},
       {"id": "raise", "from": ["open", "busy", "late"], "by": ["manager"], "accepts": ["level", "until"]},
       {"id": "busy", "from": "open", "to": "busy", "automatic": true, "when": "count.poke >= 2"},
       {"id": "late", "from": "busy", "to": "late", "automatic": true, "when": "has(until) && at > until && count.back < 2"},
       {"id": "back", "from": "late", "to": "open", "automatic": true, "when": "fired.raise == at && level < 3"},
       {"id": "finish", "from": ["busy", "late"], "to": "done", "automatic": true, "when": "level >= 5"}
     ]}
    """

  static let actors = [
    Actor(name: "lan", roles: ["manager"]), Actor(name: "hung", roles: ["approver"]), Actor(name: "mai", roles: ["clerk"]),
    Actor(name: "binh", roles: []), Actor(name: "khach", roles: ["investigator"]),
  ]

  static func randomValue(_ f: FieldDefinition, _ rng: inout SplitMix) -> Value {
    if rng.next() % 12 == 0 { return .null }
    switch f.type {
    case .string, .actor: return .string(["binh", "x", ""][Int(rng.next() % 3)])
    case .money: return .money(Int64(rng.next() % 2000))
    case .integer: return .integer(Int64(rng.next() % 8))
    case .date: return .date(LocalDate(iso: "2026-03-01")!.adding(days: Int(rng.next() % 400)))
    case .enum: return .string(f.enumValues.randomElement(using: &rng) ?? "?")
    default: return .string("tệp.pdf")
    }
  }

  /// Mostly what the transition takes, sometimes a field it does not take or one that does not exist.
  static func randomFields(_ engine: Engine, taking names: [String], _ rng: inout SplitMix) -> [String: Value] {
    var out: [String: Value] = [:]
    for name in names.sorted() where rng.next() % 4 != 0 {
      if let f = engine.definition.field(name) { out[name] = randomValue(f, &rng) }
    }
    if rng.next() % 8 == 0, let f = engine.definition.fields.randomElement(using: &rng) { out[f.name] = randomValue(f, &rng) }
    if rng.next() % 16 == 0 { out["nope"] = .integer(1) }
    return out
  }

  /// A command and who gives it: mostly someone holding a role the transition names.
  static func randomCommand(_ engine: Engine, _ rng: inout SplitMix) -> (Command, Actor) {
    let transitions = engine.definition.transitions
    if rng.next() % 6 == 0 {
      let names = engine.definition.fields.filter { $0.type != .document }.map(\.name)
      return (.set(fields: randomFields(engine, taking: names, &rng), comment: nil), actors[Int(rng.next() % 2)])
    }
    guard rng.next() % 12 != 0, let t = transitions.randomElement(using: &rng) else {
      return (.fire(transition: "unknown", fields: [:], comment: nil), actors[0])
    }
    let holders = actors.filter { a in t.by.contains { a.roles.contains($0) } || (t.by.contains("investigator") && a.name == "binh") }
    let actor = rng.next() % 4 != 0 ? holders.randomElement(using: &rng) ?? actors[0] : actors[Int(rng.next() % UInt64(actors.count))]
    let comment: String? = rng.next() % 3 == 0 ? nil : "lý do"
    return (.fire(transition: t.id, fields: randomFields(engine, taking: Array(t.givenFields), &rng), comment: comment), actor)
  }

  /// The reference: every automatic transition leaving the task's state whose guard is true now.
  static func pendingAutomatic(_ engine: Engine, _ task: TaskState) -> [String] {
    engine.definition.transitions.filter { t in
      t.isAutomatic && (t.from.contains(task.state) || t.from.contains("*"))
        && (try? t.guardExpression?.evaluate(with: engine.resolver(for: task, at: task.lastEffectiveAt))) == .bool(true)
    }.map(\.id)
  }

  /// Runs one sequence; returns how many commands were accepted and how many automatic transitions fired.
  static func run(_ engine: Engine, create: [String: Value], seed: UInt64) throws -> (accepted: Int, automatic: Int) {
    var accepted = 0
    var automatic = 0
    var rng = SplitMix(seed: seed)
    var clock = Timestamp.parse("2026-03-01T09:00", in: .vietnam)!
    var fast: TaskState? = nil
    var log: [Event] = []
    let first = try engine.execute(
      .create(key: "D-1", fields: create), on: &fast, context: CommandContext(actor: actors[0], recordedAt: clock))
    log += first
    for _ in 0..<steps {
      clock = clock.addingTimeInterval(Double(rng.next() % 40) * 86_400)
      let (command, actor) = randomCommand(engine, &rng)
      let context = CommandContext(actor: actor, recordedAt: clock)
      // The reference task, folded afresh from every event so far with the plain fold.
      var reference: TaskState? = nil
      for e in log { reference = try Engine.evolve(reference, e) }
      #expect(reference == fast, "seed \(seed): the task folded in place differs from the task folded afresh")
      let before = fast
      let expected: Result<[Event], Rejection> = Result { () throws(Rejection) -> [Event] in
        try engine.decide(command, on: reference, context: context)
      }
      let actual: Result<[Event], Rejection> = Result { () throws(Rejection) -> [Event] in
        try engine.execute(command, on: &fast, context: context)
      }
      switch (expected, actual) {
      case (.success(let a), .success(let b)):
        #expect(a == b, "seed \(seed): \(command) gave different events")
        log += b
        accepted += 1
        for e in b { if case .fired(_, _, _, _, _, true) = e.payload { automatic += 1 } }
      case (.failure(let a), .failure(let b)):
        #expect(a.rule == b.rule && a.message == b.message, "seed \(seed): \(command) refused differently")
        #expect(fast == before, "seed \(seed): a refused command changed the task")
      default:
        Issue.record("seed \(seed): \(command): reference \(expected), fast path \(actual)")
      }
      // A copy taken before the command is untouched by it.
      var check: TaskState? = nil
      for e in log.prefix(before?.version ?? 0) { check = try Engine.evolve(check, e) }
      #expect(check == before, "seed \(seed): a copy of the task changed with the original")
      if let task = fast, !engine.definition.isFinal(task.state), case .success(let events) = actual {
        #expect(
          pendingAutomatic(engine, task).isEmpty,
          "seed \(seed): after \(command) an automatic transition's guard is true but it did not fire (state \(task.state)): \(events.map { "\($0.payload)" })"
        )
      }
    }
    return (accepted, automatic)
  }

  @Test func fastPathMatchesTheReferenceOnTheGrantWorkflow() throws {
    let engine = Engine(definition: try DefinitionLoader.load(file: fixture), definitionHash: "grant")
    var totals = (accepted: 0, automatic: 0)
    for seed in 0..<UInt64(Self.sequences) {
      let r = try Self.run(engine, create: ["title": .string("Đề tài"), "investigator": .string("binh")], seed: seed)
      totals = (totals.accepted + r.accepted, totals.automatic + r.automatic)
    }
    // The sequences reach the rules that accept, not only refusals, and the automatic finish.
    #expect(totals.accepted > Self.sequences)
    #expect(totals.automatic > 0)
  }

  @Test func fastPathMatchesTheReferenceOnAutomaticTransitions() throws {
    let engine = Engine(definition: try DefinitionLoader.load(text: Self.automatic), definitionHash: "auto")
    var totals = (accepted: 0, automatic: 0)
    for seed in 0..<UInt64(Self.sequences) {
      let r = try Self.run(engine, create: ["title": .string("Dự án")], seed: 10_000 + seed)
      totals = (totals.accepted + r.accepted, totals.automatic + r.automatic)
    }
    #expect(totals.accepted > Self.sequences)
    #expect(totals.automatic > Self.sequences / 4)
    print("differential: \(totals.accepted) commands accepted, \(totals.automatic) automatic transitions")
  }

  @Test func aCopiedTaskKeepsItsValuesWhenTheOriginalChanges() throws {
    let engine = Engine(definition: try DefinitionLoader.load(file: fixture), definitionHash: "grant")
    let t0 = Timestamp.parse("2026-03-01T09:00", in: .vietnam)!
    var task: TaskState? = nil
    _ = try engine.execute(
      .create(key: "C-1", fields: ["title": .string("Gốc")]), on: &task, context: CommandContext(actor: Self.actors[0], recordedAt: t0))
    let copy = task
    _ = try engine.execute(
      .set(fields: ["title": .string("Đã sửa"), "budget": .money(5)], comment: nil), on: &task,
      context: CommandContext(actor: Self.actors[0], recordedAt: t0))
    #expect(copy?.fields["title"] == .string("Gốc"))
    #expect(copy?.fields["budget"] == nil)
    #expect(copy?.version == 1)
    #expect(task?.fields["title"] == .string("Đã sửa"))
    #expect(task?.version == 2)
    var edited = copy
    edited?.state = "review"
    #expect(copy?.state == "draft")
    #expect(edited != copy)
  }
}
