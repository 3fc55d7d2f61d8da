import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules

/// A projection is read value by value straight into the task's state (``EventCoding/task(key:workflow:definitionHash:state:version:projection:definition:)``).
/// The reference below is the straightforward way it was read before — the whole JSON parsed into a tree, then
/// decoded — and both must agree on every projection the engine writes, on damaged ones, and on what people or
/// older versions may have written.
@Suite struct ProjectionDecodingTests {
  /// The reference: the JSON as a tree, then each part taken from it.
  static func reference(_ text: String, key: String, definition: WorkflowDefinition) throws(ValueCoding.Failure) -> TaskState {
    guard let json = try? JSONParser.parse(text) else { throw ValueCoding.Failure(description: "task \(key) projection is not JSON") }
    let utc = TimeZone.gmt
    func time(_ k: String) throws(ValueCoding.Failure) -> Date {
      guard let s = json[k]?.stringValue, let d = Timestamp.parse(s, in: utc) else {
        throw ValueCoding.Failure(description: "task \(key) projection lacks '\(k)'")
      }
      return d
    }
    var documents: [String: DocumentRef] = [:]
    for (k, d) in json["documents"]?.objectValue ?? [] { documents[k] = EventCoding.document(d) }
    var counts: [String: Int] = [:]
    for (k, v) in json["counts"]?.objectValue ?? [] { counts[k] = Int(v.intValue ?? 0) }
    func dates(_ key: String) -> [String: Date] {
      var out: [String: Date] = [:]
      for (k, v) in json[key]?.objectValue ?? [] { out[k] = v.stringValue.flatMap(Timestamp.parseStored) }
      return out
    }
    var timeIn: [String: Double] = [:]
    for (k, v) in json["timeIn"]?.objectValue ?? [] {
      switch v {
      case .integer(let i): timeIn[k] = Double(i)
      case .number(let d): timeIn[k] = d
      default: break
      }
    }
    return TaskState(
      key: key, workflowId: "grant", definitionHash: "h", state: "active",
      fields: try ValueCoding.fields(json["fields"], definition: definition), documents: documents, counts: counts,
      lastFired: dates("lastFired"), entered: dates("entered"), timeIn: timeIn,
      councils: Dictionary(
        (json["councils"]?.objectValue ?? []).map { ($0.0, CouncilCoding.session($0.1)) }, uniquingKeysWith: { a, _ in a }),
      version: 7, createdAt: try time("createdAt"), enteredAt: try time("enteredAt"), lastEffectiveAt: try time("lastEffectiveAt"),
      lastActedAt: json["lastActedAt"]?.stringValue.flatMap(Timestamp.parseStored),
      trackedSince: json["trackedSince"]?.stringValue.flatMap(Timestamp.parseStored),
      importedCounts: (json["importedCounts"]?.objectValue ?? []).reduce(into: [:]) { $0[$1.0] = Int($1.1.intValue ?? 0) })
  }

  static func pulled(_ text: String, key: String, definition: WorkflowDefinition) throws(ValueCoding.Failure) -> TaskState {
    try EventCoding.task(
      key: key, workflow: "grant", definitionHash: "h", state: "active", version: 7, projection: text, definition: definition)
  }

  /// Both readings of `text`: the same state, or the same failure. Returns whether it was read.
  @discardableResult
  static func expectSame(_ text: String, _ definition: WorkflowDefinition, _ comment: String) -> Bool {
    let a = Result { () throws(ValueCoding.Failure) in try reference(text, key: "K-1", definition: definition) }
    let b = Result { () throws(ValueCoding.Failure) in try pulled(text, key: "K-1", definition: definition) }
    switch (a, b) {
    case (.success(let x), .success(let y)):
      #expect(x == y, "\(comment): different states from \(text)")
      return true
    case (.failure(let x), .failure(let y)):
      #expect(x.description == y.description, "\(comment): different failures from \(text)")
    default:
      Issue.record("\(comment): reference \(a), pulled \(b) from \(text)")
    }
    return false
  }

  /// Every byte of `text` dropped, doubled or replaced in turn (a sample of them), and the text cut short.
  static func damaged(_ text: String, _ rng: inout SplitMix) -> [String] {
    let bytes = Array(text.utf8)
    var out: [String] = []
    for _ in 0..<24 {
      var b = bytes
      let i = Int(rng.next() % UInt64(b.count))
      switch rng.next() % 4 {
      case 0: b.remove(at: i)
      case 1: b.insert(b[i], at: i)
      case 2:
        let pool = Array("{}[]\",:0a-.n\\ ".utf8)
        b[i] = pool[Int(rng.next() % UInt64(pool.count))]
      default: b = Array(b.prefix(i))
      }
      out.append(String(decoding: b, as: UTF8.self))
    }
    return out
  }

  @Test func everyProjectionTheEngineWritesIsReadAsTheReferenceReadsIt() throws {
    let definition = try DefinitionLoader.load(file: fixture)
    let engine = Engine(definition: definition, definitionHash: "grant")
    var rng = SplitMix(seed: 7)
    var read = 0
    var refused = 0
    for seed in 0..<UInt64(150) {
      var local = SplitMix(seed: seed)
      var clock = Timestamp.parse("2026-03-01T09:00", in: .vietnam)!
      var task: TaskState? = nil
      _ = try engine.execute(
        .create(key: "K-1", fields: ["title": .string("Đề tài \"số\" \(seed)"), "investigator": .string("binh")]), on: &task,
        context: CommandContext(actor: DifferentialTests.actors[0], recordedAt: clock))
      for step in 0..<10 {
        clock = clock.addingTimeInterval(Double(local.next() % 40) * 86_400 + 0.25)
        let (command, actor) = DifferentialTests.randomCommand(engine, &local)
        _ = try? engine.execute(command, on: &task, context: CommandContext(actor: actor, recordedAt: clock))
        guard let state = task else { continue }
        let text = EventCoding.json(state).compactText
        if Self.expectSame(text, definition, "seed \(seed) step \(step)") { read += 1 }
        // The reading is the task itself, but for the columns of its own.
        let back = try Self.pulled(text, key: state.key, definition: definition)
        #expect(back.fields == state.fields && back.firings == state.firings && back.entered == state.entered)
        if step % 3 == 0 {
          for bad in Self.damaged(text, &rng) where !Self.expectSame(bad, definition, "seed \(seed) damaged") { refused += 1 }
        }
      }
    }
    #expect(read > 1000)
    #expect(refused > 100)  // the damage reaches the failures, not only harmless bytes
  }

  @Test func whatOlderVersionsOrPeopleWroteIsReadAsTheReferenceReadsIt() throws {
    let definition = try DefinitionLoader.load(file: fixture)
    let rich = #"""
      {"fields": {"title": "Bảo tồn \u0067iống xoài \"tròn\"", "budget": 900000000, "end": "2027-01-05"},
       "documents": {"dossier": {"name": "hồ sơ.pdf", "uri": "sha256:ab", "sha256": "ab"}, "odd": 5},
       "counts": {"submit": 2, "approve": 1.0, "bad": "x"}, "lastFired": {"submit": "2026-03-01T02:00:00.000Z", "approve": "hôm qua"},
       "entered": {"draft": "2026-03-01T02:00:00.000Z", "active": 17}, "timeIn": {"draft": 86400, "review": 0.5, "x": "y"},
       "councils": {"acceptance": {"council": "acceptance", "session": 2, "members": [{"name": "lan", "role": "chair"}],
                    "present": ["lan"], "ballots": [{"member": "lan", "score": 85}], "openedAt": "2026-04-01T02:00:00.000Z"}},
       "createdAt": "2026-03-01", "enteredAt": "01/03/2026", "lastEffectiveAt": "2026-03-01T09:30+07:00",
       "lastActedAt": "2026-03-01T02:00:00.000Z", "trackedSince": "2026-01-01", "importedCounts": {"report": 3},
       "unknown": [1, {"a": null}], "another": null}
      """#
    #expect(Self.expectSame(rich, definition, "rich"))
    let state = try Self.pulled(rich, key: "K-1", definition: definition)
    #expect(state.councils["acceptance"]?.session == 2)
    #expect(state.documents.keys.sorted() == ["dossier", "odd"])
    #expect(state.timeIn == ["draft": 86400, "review": 0.5])
    #expect(state.trackedSince == nil)  // not as the store writes times
    for text in [
      "", "null", "[]", "{}", #"{"createdAt": 5}"#, #"{"createdAt": "2026-03-01", "enteredAt": "x"}"#,
      #"{"counts": {"a": 1, "a": 2}, "createdAt": "2026-03-01"}"#, #"{"fields": 1, "fields": 2}"#,
      #"{"fields": {"budget": "nhiều"}, "createdAt": "2026-03-01", "enteredAt": "2026-03-01", "lastEffectiveAt": "2026-03-01"}"#,
      #"{"createdAt": "2026-03-01", "enteredAt": "2026-03-01", "lastEffectiveAt": "2026-03-01"} x"#,
      "\u{FEFF}{}", #"{"createdAt": "2026-03-01\u0000"}"#,
      // When each transition last fired, given before how often; fields that are no object, unknown, or not of their type.
      #"{"lastFired": {"submit": "2026-03-01T02:00:00.000Z", "x": "2026-03-02T02:00:00.000Z"}, "counts": {"submit": 2, "approve": 1}, "createdAt": "2026-03-01", "enteredAt": "2026-03-01", "lastEffectiveAt": "2026-03-01"}"#,
      #"{"fields": [1, 2], "createdAt": "2026-03-01", "enteredAt": "2026-03-01", "lastEffectiveAt": "2026-03-01"}"#,
      #"{"fields": {"zz": 1, "yy": 2}, "createdAt": "2026-03-01", "enteredAt": "2026-03-01", "lastEffectiveAt": "2026-03-01"}"#,
      #"{"fields": {"title": "x", "budget": "nhiều", "qq": 1}, "createdAt": "2026-03-01", "enteredAt": "2026-03-01", "lastEffectiveAt": "2026-03-01"}"#,
      #"{"fields": {"title": "x", "qq": 1}, "createdAt": "2026-03-01", "enteredAt": "2026-03-01", "lastEffectiveAt": "2026-03-01"} x"#,
    ] {
      Self.expectSame(text, definition, "hand-written")
    }
  }
}
