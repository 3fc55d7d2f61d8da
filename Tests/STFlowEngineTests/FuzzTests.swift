import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules

/// Bounded fuzzing with a fixed seed: guard expressions, periods, field values and whole definitions
/// (the shipped ones, mutated) must never trap and never hang. A trap ends the test process, so reaching
/// the end is the assertion that matters; each case also runs under a time budget.
///
/// A longer run: `STFLOW_FUZZ_CASES=200000 swift test --filter FuzzTests` (the seed is the date by default:
/// `STFLOW_FUZZ_SEED=…` repeats a run).
@Suite struct FuzzTests {
  static let cases = Int(ProcessInfo.processInfo.environment["STFLOW_FUZZ_CASES"] ?? "") ?? 3000
  static let seed = UInt64(ProcessInfo.processInfo.environment["STFLOW_FUZZ_SEED"] ?? "") ?? 20_261_124

  static let provincial: Engine = {
    let root = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
    let data = FileManager.default.contents(atPath: root.appendingPathComponent("Workflows/calendars/vn.json").path) ?? Data()
    let calendar = (try? CalendarLoader.load(json: try JSONParser.parse(bytes: Array(data)))) ?? HolidayCalendar(id: "x", rules: [])
    // The shipped definition always loads; a failure here fails every test below.
    let d = try? DefinitionLoader.load(file: root.appendingPathComponent("Workflows/provincial-task.json").path)
    return Engine(definition: d ?? WorkflowDefinition.emptyForFuzz, definitionHash: "p", calendar: calendar)
  }()

  static let atoms = [
    "0", "1", "-1", "9223372036854775807", "99999999999999999999", "2147483647", "70", "85", "1.5", "500000000vnd",
    "2026-03-01", "1900-01-01", "9999-12-31", "0000-00-00", "30d", "15wd", "26100wd", "26101wd", "6mo", "1200mo", "100y", "2147483647y",
    "9223372036854775807d", "at", "budget", "budgetCap", "contractStart", "contractEnd", "count.extend", "fired.select",
    "entered.listed", "council.acceptance.score", "council.selection.outcome", "state", "title", "\"Khá\"", "\"\"", "null", "true",
    "false", "[1, 2]", "has(budget)", "monthsBetween(contractStart, contractEnd)", "daysBetween(at, contractEnd)", "nope", "(", ")",
  ]
  static let operators = [
    " + ", " - ", " * ", " / ", " == ", " != ", " < ", " <= ", " > ", " >= ", " && ", " || ", " in ", " ? ", " : ", "!", "-", " ",
  ]

  static func expression(_ rng: inout SplitMix) -> String {
    var s = ""
    for i in 0..<Int(rng.next() % 9 + 1) {
      if i > 0 { s += operators[Int(rng.next() % UInt64(operators.count))] }
      s += atoms[Int(rng.next() % UInt64(atoms.count))]
    }
    return s
  }

  static func task(_ rng: inout SplitMix) -> TaskState {
    var fields: [String: Value] = ["title": .string("t"), "level": .string("provincial")]
    let dates = ["1900-01-01", "2026-02-14", "2026-06-30", "2200-12-31", "2026-01-31"]
    if rng.next() % 2 == 0 { fields["contractStart"] = .date(LocalDate(iso: dates[Int(rng.next() % 5)])!) }
    if rng.next() % 2 == 0 { fields["contractEnd"] = .date(LocalDate(iso: dates[Int(rng.next() % 5)])!) }
    let moneys: [Int64] = [0, 1, Int64.max, Int64.max - 1, 500_000_000]
    if rng.next() % 2 == 0 { fields["budget"] = .money(moneys[Int(rng.next() % 5)]) }
    if rng.next() % 2 == 0 { fields["budgetCap"] = .money(moneys[Int(rng.next() % 5)]) }
    let t0 = Timestamp.parse("2026-06-01T09:00", in: .vietnam)!
    return TaskState(
      key: "F-1", workflowId: "provincial-task", definitionHash: "p", state: "implementation", fields: fields, createdAt: t0,
      enteredAt: t0, lastEffectiveAt: t0)
  }

  /// Runs `body` and records an issue if it took more than a second.
  static func timed(_ what: @autoclosure () -> String, _ body: () -> Void) {
    let start = Date()
    body()
    let elapsed = Date().timeIntervalSince(start)
    #expect(elapsed < 1, "\(what()) took \(elapsed) s")
  }

  @Test func guardExpressionsNeverTrapOrHang() {
    var rng = SplitMix(seed: Self.seed)
    let engine = Self.provincial
    var parsed = 0
    var evaluated = 0
    for _ in 0..<Self.cases {
      let source = Self.expression(&rng)
      let task = Self.task(&rng)
      Self.timed("'\(source)'") {
        guard let g = try? GuardExpression(parsing: source) else { return }
        parsed += 1
        _ = try? g.typeCheck(schema: engine.definition.schema)
        if (try? g.evaluate(with: engine.resolver(for: task, at: task.lastEffectiveAt))) != nil { evaluated += 1 }
      }
    }
    #expect(parsed > Self.cases / 10)
    #expect(evaluated > 0)
  }

  @Test func periodsAndDatesNeverTrap() {
    var rng = SplitMix(seed: Self.seed &+ 1)
    let units = ["d", "wd", "w", "mo", "y", "", "x"]
    for _ in 0..<Self.cases {
      let digits = String(rng.next() % 2 == 0 ? rng.next() % 100_000 : rng.next())
      let text = (rng.next() % 3 == 0 ? "-" : "") + digits + units[Int(rng.next() % UInt64(units.count))]
      let start = LocalDate(dayNumber: LocalDate(iso: "1900-01-01")!.dayNumber + Int(rng.next() % 110_000))
      Self.timed(text) {
        if let p = Period(text) { _ = p.added(to: start, calendar: Self.provincial.calendar) }
        _ = Timestamp.parseDate(text)
        _ = Timestamp.parse(text, in: .vietnam)
      }
    }
  }

  @Test func fieldValuesNeverTrap() {
    var rng = SplitMix(seed: Self.seed &+ 2)
    let pieces = [
      "650", " triệu", " tỷ", ",", ".", "-", "9", "99999999999999999999", "đ", "VND", "01/", "13/", "2026", "/", "Cấp tỉnh", "\u{0}",
      "\u{7}", "\n", "khá", "true", "có", " ", "e", "inf", "nan", "1e300", "0x1F", "٣",
    ]
    let fields = Self.provincial.definition.fields.filter { $0.type != .document }
    for _ in 0..<Self.cases {
      var text = ""
      for _ in 0..<Int(rng.next() % 6 + 1) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
      let field = fields[Int(rng.next() % UInt64(fields.count))]
      Self.timed(text) {
        if let v = try? FieldValueParser.parse(text, for: field) {
          // A value the parser accepts is one the engine accepts or refuses by a rule — never a trap.
          var state: TaskState? = Self.task(&rng)
          _ = try? Self.provincial.execute(
            .set(fields: [field.name: v], comment: nil), on: &state,
            context: CommandContext(actor: Actor(name: "lan", roles: ["manager"]), recordedAt: Date()))
        }
      }
    }
  }

  /// The shipped definitions, mutated one place at a time: the loader refuses or accepts; what it accepts
  /// runs commands without a trap.
  @Test func mutatedDefinitionsNeverTrap() throws {
    var rng = SplitMix(seed: Self.seed &+ 3)
    let root = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
    let texts = try ["provincial-task", "grassroots-task", "national-task"].map {
      try String(contentsOf: root.appendingPathComponent("Workflows/\($0).json"), encoding: .utf8)
    }
    let replacements = [
      "\"9223372036854775807d\"", "\"2147483647y\"", "\"26101wd\"", "null", "[]", "{}", "\"\"", "\"*\"", "true", "0", "-1",
      "9223372036854775807", "\"x\"", "\"contractEnd + 9223372036854775807d\"", "\"budget + 9223372036854775807vnd > 0\"",
      "[\"nope\"]", "\"\\u0000\"",
    ]
    var loaded = 0
    for i in 0..<max(60, Self.cases / 20) {
      var chars = Array(texts[i % texts.count].unicodeScalars)
      // Replace a random JSON value (after a ':' or inside a list) with a hostile one.
      let colons = chars.indices.filter { chars[$0] == ":" }
      guard let at = colons.isEmpty ? nil : colons[Int(rng.next() % UInt64(colons.count))] else { continue }
      var end = at + 1
      var depth = 0
      while end < chars.count {
        let c = chars[end]
        if c == "{" || c == "[" { depth += 1 }
        if c == "}" || c == "]" {
          if depth == 0 { break }
          depth -= 1
        }
        if c == "," && depth == 0 { break }
        end += 1
      }
      let replacement = Array(" \(replacements[Int(rng.next() % UInt64(replacements.count))])".unicodeScalars)
      chars.replaceSubrange((at + 1)..<end, with: replacement)
      let text = String(String.UnicodeScalarView(chars))
      Self.timed("mutation \(i)") {
        guard let d = try? DefinitionLoader.load(text: text) else { return }
        loaded += 1
        let engine = Engine(definition: d, definitionHash: "m", calendar: Self.provincial.calendar)
        var state: TaskState?
        let actor = Actor(name: "root", roles: Set(d.roles))
        let at = Timestamp.parse("2026-06-01T09:00", in: .vietnam)!
        var fields: [String: Value] = [:]
        for f in d.fields where f.required { fields[f.name] = f.type == .enum ? .string(f.enumValues.first ?? "") : .string("x") }
        _ = try? engine.execute(.create(key: "M-1", fields: fields), on: &state, context: CommandContext(actor: actor, recordedAt: at))
        guard let created = state else { return }
        for t in d.transitions where !t.isAutomatic {
          var s: TaskState? = created
          _ = try? engine.execute(
            .fire(transition: t.id, fields: [:], comment: "c"), on: &s, context: CommandContext(actor: actor, recordedAt: at))
        }
        _ = DeadlineCalculator(engine: engine).statuses(for: created, now: at)
      }
    }
    #expect(loaded > 0)
  }
}

extension WorkflowDefinition {
  /// Only for a fuzz harness whose shipped definition failed to load (the tests then fail on their own).
  static let emptyForFuzz = WorkflowDefinition(
    id: "empty", version: 1, title: LocalizedText(vi: "x", en: "x"), calendarName: nil, timeZone: .vietnam, roles: ["manager"],
    fields: [], initial: "a", states: [StateDefinition(name: "a", label: LocalizedText(vi: "a", en: "a"))], transitions: [],
    createBy: ["manager"], editBy: ["manager"], source: .null)
}
