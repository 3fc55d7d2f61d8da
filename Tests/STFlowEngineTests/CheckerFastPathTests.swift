import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules

/// `Checker.plainlyGiven(with:_:)` lets a transition's values skip `values` and `givenWith`; it must say yes only
/// when both would pass, and should say yes whenever both pass and no field names its own editors.
@Suite struct CheckerFastPathTests {
  static func randomValue(_ rng: inout SplitMix, for f: FieldDefinition?) -> Value {
    switch rng.next() % 14 {
    case 0: return .null
    case 1: return .string("hai\ndòng")
    case 2: return .string(String(repeating: "ả", count: 10_001))
    case 3: return .money(-1)
    case 4: return .integer(7)
    case 5: return .string("không có trong danh sách")
    case 6: return .date(LocalDate(iso: "2026-02-17")!)
    case 7: return .bool(true)
    default:
      // Mostly a value of the field's own type.
      switch f?.type {
      case .string?, .actor?: return .string("Phục tráng giống Bí thơm Ba Bể")
      case .money?: return .money(650_000_000)
      case .integer?: return .integer(Int64(rng.next() % 100))
      case .date?: return .date(LocalDate(iso: "2027-01-31")!)
      case .enum?: return .string(f?.enumValues.first ?? "")
      case .document?: return .string("hồ sơ.pdf")
      default: return .null
      }
    }
  }

  @Test(arguments: ["grant", "provincial"])
  func theOnePassAgreesWithTheTwoChecks(workflow: String) throws {
    let path =
      workflow == "grant"
      ? fixture
      : fixturesFolder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "Workflows/provincial-task.json"
      ).path
    let definition = try DefinitionLoader.load(file: path)
    let engine = Engine(definition: definition, definitionHash: workflow)
    let task = TaskState(
      key: "T-1", workflowId: definition.id, definitionHash: workflow, state: definition.initial, fields: [:],
      createdAt: Date(timeIntervalSince1970: 1_770_000_000), enteredAt: Date(timeIntervalSince1970: 1_770_000_000),
      lastEffectiveAt: Date(timeIntervalSince1970: 1_770_000_000))
    let names = definition.fields.map(\.name) + ["nope"]
    var rng = SplitMix(seed: 30)
    var plainSeen = 0
    for round in 0..<3_000 {
      let t = definition.transitions[Int(rng.next() % UInt64(definition.transitions.count))]
      var fields: [String: Value] = [:]
      let given = Array(t.givenFields)
      for _ in 0..<Int(rng.next() % 4) {
        // Mostly a field the transition takes.
        let name =
          !given.isEmpty && rng.next() % 4 != 0
          ? given[Int(rng.next() % UInt64(given.count))] : names[Int(rng.next() % UInt64(names.count))]
        fields[name] = Self.randomValue(&rng, for: definition.field(name))
      }
      let actor = Actor(name: "lan", roles: Set(definition.roles))
      let check = Checker(
        engine: engine, task: task, key: task.key, context: CommandContext(actor: actor, recordedAt: task.createdAt))
      let bothPass = (try? check.values(fields)) != nil && (try? check.givenWith(t, fields)) != nil
      let namesEditors = fields.keys.contains { definition.field($0)?.editBy != nil }
      let plain = check.plainlyGiven(with: t, fields)
      #expect(plain == (bothPass && !namesEditors), "round \(round): \(t.id) with \(fields)")
      if plain { plainSeen += 1 }
    }
    // The common case is common in this draw too, so the yes side was tried.
    #expect(plainSeen > 300)
  }
}
