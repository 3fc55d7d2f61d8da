import Testing

@testable import STFlowDefinition

@Suite struct DefinitionValidationTests {
  func problems(_ text: String) -> [DefinitionProblem] {
    do {
      _ = try DefinitionLoader.load(text: text, file: "test.json")
      return []
    } catch {
      return error.problems
    }
  }

  func has(_ problems: [DefinitionProblem], _ path: String, _ fragment: String) -> Bool {
    problems.contains { $0.path == path && $0.message.contains(fragment) && $0.file == "test.json" }
  }

  let broken = """
    {
      "id": "broken", "version": 1, "title": { "vi": "Hỏng" },
      "roles": ["manager", "manager"],
      "fields": {
        "budget": { "type": "money" },
        "end": { "type": "dat" },
        "kind": { "type": "enum" },
        "who": { "type": "string", "grantsRole": "boss" }
      },
      "initial": "start",
      "states": {
        "start": { "label": { "en": "Start" } },
        "middle": { "label": { "en": "Middle" } },
        "island": { "label": { "en": "Island" } },
        "stuck": { "label": { "en": "Stuck" } },
        "end": { "label": { "en": "End" }, "final": true }
      },
      "transitions": [
        { "id": "go", "from": "start", "to": "middle", "by": ["manager"], "when": "budget > " },
        { "id": "go", "from": "middle", "to": "nowhere", "by": ["clerk"] },
        { "id": "on", "from": "middle", "to": "end", "by": ["manager"], "requires": ["budgt"], "whn": "true" },
        { "id": "typed", "from": "middle", "to": "stuck", "by": ["manager"], "when": "budget > 2026-01-01" },
        { "id": "count", "from": "middle", "to": "end", "by": ["manager"], "when": "budget" },
        { "id": "leave", "from": "end", "to": "start", "by": ["manager"] }
      ]
    }
    """

  @Test func everyProblemIsReportedWithItsPath() {
    let p = problems(broken)
    #expect(has(p, "$.fields.end.type", "unknown type 'dat'"))
    #expect(has(p, "$.fields.kind.values", "enum field needs a non-empty list"))
    #expect(has(p, "$.fields.who.grantsRole", "only an actor field"))
    #expect(has(p, "$.transitions[0].when", "guard does not parse at column 10"))
    #expect(has(p, "$.transitions[2].whn", "unknown key 'whn'"))
    #expect(p.count >= 5)
  }

  @Test func semanticProblemsAreAllReported() {
    // The same definition with its decoding problems fixed, so the whole-definition checks run.
    let text =
      broken
      .replacingOccurrences(of: "\"dat\"", with: "\"date\"")
      .replacingOccurrences(of: "\"type\": \"enum\" }", with: "\"type\": \"enum\", \"values\": [\"x\"] }")
      .replacingOccurrences(of: "\"type\": \"string\", \"grantsRole\": \"boss\"", with: "\"type\": \"actor\", \"grantsRole\": \"boss\"")
      .replacingOccurrences(of: "\"when\": \"budget > \" ", with: "\"when\": \"budget > 0\" ")
      .replacingOccurrences(of: ", \"whn\": \"true\"", with: "")
    let p = problems(text)
    #expect(has(p, "$.roles", "role 'manager' is declared 2 times"))
    #expect(has(p, "$.fields.who.grantsRole", "unknown role 'boss'"))
    #expect(has(p, "$.transitions", "transition id 'go' is used 2 times"))
    #expect(has(p, "$.transitions[1].to", "unknown state 'nowhere'"))
    #expect(has(p, "$.transitions[1].by", "unknown role 'clerk'"))
    #expect(has(p, "$.transitions[2].requires", "unknown field 'budgt'"))
    #expect(has(p, "$.transitions[3].when", "compares only two numbers or two dates"))
    #expect(has(p, "$.transitions[4].when", "must be a boolean, but it is a money"))
    #expect(has(p, "$.transitions[5].from", "leaves the final state 'end'"))
    #expect(has(p, "$.states.island", "cannot be reached from the initial state 'start'"))
    #expect(has(p, "$.states.island", "no transition leaves it"))
    #expect(has(p, "$.states.stuck", "no transition leaves it"))
  }

  @Test func missingRequiredKeysAreNamed() {
    let p = problems(#"{"id": "x", "states": [], "transitions": {}}"#)
    #expect(has(p, "$.version", "is required"))
    #expect(has(p, "$.title", "is required"))
    #expect(has(p, "$.roles", "is required"))
    #expect(has(p, "$.initial", "is required"))
    #expect(has(p, "$.fields", "is required"))
    #expect(has(p, "$.states", "expected an object, found an array"))
    #expect(has(p, "$.transitions", "expected an array, found an object"))
  }

  @Test func invalidJSONNamesLineAndColumn() {
    let p = problems("{\n  \"id\": \"x\",\n  \"version\": 1\n  \"title\": {}\n}")
    #expect(p.count == 1)
    #expect(p.first?.message.contains("line 4, column 3") == true)
  }

  @Test func assignmentsAreTypeChecked() {
    let text = """
      {"id": "a", "version": 1, "title": "A", "roles": ["m"], "fields": {"end": {"type": "date"}, "n": {"type": "integer"}},
       "initial": "s", "states": {"s": {"label": "S"}, "f": {"label": "F", "final": true}},
       "transitions": [{"id": "t", "from": "s", "to": "f", "by": ["m"], "set": {"end": "n + 1", "gone": "1"}}]}
      """
    let p = problems(text)
    #expect(has(p, "$.transitions[0].set.end", "'end' is date but the expression is an integer"))
    #expect(has(p, "$.transitions[0].set.gone", "unknown field 'gone'"))
  }

  @Test func anEnumValueWithoutALabelAndAWrongAnnexColumnAreNamed() {
    let text = """
      {"id": "a", "version": 1, "title": "A", "roles": ["m"],
       "fields": {"kind": {"type": "enum", "values": ["de_tai", "du_an"], "valueLabels": {"de_tai": {"vi": "Đề tài"}}},
                  "chuTri": {"type": "string"}, "batDau": {"type": "date"}},
       "initial": "s", "states": {"s": {"label": "S"}, "f": {"label": "F", "final": true}},
       "transitions": [{"id": "t", "from": "s", "to": "f", "by": ["m"]}],
       "report": {"annex": {"host": "chuTri", "start": "chuTri", "end": "ketThuc"}}}
      """
    let p = problems(text)
    // A value people would read as its code.
    #expect(has(p, "$.fields.kind.valueLabels", "value 'du_an' of enum field 'kind' has no label"))
    #expect(!has(p, "$.fields.kind.valueLabels", "value 'de_tai'"))
    // The annex's columns name fields of the right type that exist.
    #expect(has(p, "$.report.annex.start", "'chuTri' is string; expected date"))
    #expect(has(p, "$.report.annex.end", "unknown field 'ketThuc'"))
    #expect(!p.contains { $0.path == "$.report.annex.host" })
  }
}
