import Testing

@testable import STFlowRules

/// A resolver over a dictionary, with weekends as the only days off.
struct DictionaryResolver: ReferenceResolver {
  var values: [String: Value]
  var calendar: any BusinessCalendar = WeekdayCalendar()
  func value(of name: String) -> Value { values[name] ?? .null }
}

@Suite struct GuardExpressionTests {
  let schema: [String: ReferenceInfo] = [
    "budget": ReferenceInfo(type: .money), "budgetCap": ReferenceInfo(type: .money),
    "contractStart": ReferenceInfo(type: .date), "contractEnd": ReferenceInfo(type: .date),
    "newContractEnd": ReferenceInfo(type: .date), "at": ReferenceInfo(type: .date),
    "count.extend": ReferenceInfo(type: .integer), "score": ReferenceInfo(type: .integer),
    "title": ReferenceInfo(type: .string), "dossier": ReferenceInfo(type: .document),
    "rating": ReferenceInfo(type: .string, enumValues: ["xuat_sac", "kha", "dat", "khong_dat"]),
  ]

  func date(_ s: String) -> Value { .date(LocalDate(iso: s)!) }

  var task: DictionaryResolver {
    DictionaryResolver(values: [
      "budget": .money(900_000_000), "budgetCap": .money(1_000_000_000), "contractStart": date("2025-03-01"),
      "contractEnd": date("2027-02-28"), "newContractEnd": date("2028-01-31"), "at": date("2026-10-01"),
      "count.extend": .integer(0), "score": .integer(82), "title": .string("Bí thơm"), "rating": .string("kha"),
    ])
  }

  func eval(_ source: String) throws -> Value {
    let e = try GuardExpression(parsing: source)
    _ = try e.typeCheck(schema: schema)
    return try e.evaluate(with: task)
  }

  @Test(arguments: [
    ("budget <= budgetCap", true), ("budget > budgetCap", false), ("budget <= 900_000_000vnd", true),
    ("contractEnd > contractStart", true), ("at <= contractEnd - 30d", true),
    ("contractStart + 24mo == 2027-03-01", true), ("contractEnd - contractStart == 729", true),
    ("count.extend == 0 && score >= 70", true), ("score < 50 || rating == \"kha\"", true), ("!(score >= 70)", false),
    ("rating in [\"xuat_sac\", \"kha\"]", true), ("rating in [\"dat\"]", false), ("has(budget)", true), ("has(dossier)", false),
    ("dossier == null", true), ("monthsBetween(contractStart, contractEnd + 1d) >= 24", true),
    ("daysBetween(contractStart, contractEnd) == 729", true), ("title == 'Bí thơm'", true),
    ("newContractEnd <= contractEnd + (monthsBetween(contractStart, contractEnd + 1d) >= 24 ? 12mo : 6mo)", true),
    ("2026-11-27 + 1wd == 2026-11-30", true), ("budget - budgetCap == -100_000_000", true),
  ])
  func guardsEvaluate(source: String, expected: Bool) throws {
    #expect(try eval(source) == .bool(expected))
  }

  @Test(arguments: [
    ("budget <= ", 11, "expected a value"),
    ("budget <= contractEnd", 8, "compares only two numbers or two dates"),
    ("budgt > 0", 1, "unknown field 'budgt'"),
    ("rating == \"good\"", 11, "is not a value of 'rating'"),
    ("score && true", 7, "needs two booleans"),
    ("contractEnd + 3x > at", 15, "unknown unit 'x'"),
    ("(score > 1", 11, "expected ')'"),
    ("dossier == \"x\"", 9, "compares values of different types"),
    ("has(1)", 1, "has() takes one field name"),
    ("score ? 1 : 2", 1, "must be a boolean"),
    ("2026-02-30 > at", 1, "not a valid date"),
    ("score # 2", 7, "unexpected character"),
  ])
  func errorsPointAtTheColumn(source: String, column: Int, message: String) {
    do {
      let e = try GuardExpression(parsing: source)
      _ = try e.typeCheck(schema: schema)
      Issue.record("expected an error for \(source)")
    } catch {
      #expect(error.column == column, "\(error)")
      #expect(error.message.contains(message), "\(error)")
    }
  }

  @Test func aMissingValueIsNamedNotTreatedAsFalse() throws {
    let e = try GuardExpression(parsing: "budget <= budgetCap")
    var resolver = task
    resolver.values["budgetCap"] = nil
    #expect(throws: EvaluationError(column: 11, reference: "budgetCap", message: "'budgetCap' has no value, so '<=' cannot be computed")) {
      try e.evaluate(with: resolver)
    }
  }

  @Test func shortCircuitSkipsTheMissingSide() throws {
    var resolver = task
    resolver.values["budget"] = nil
    #expect(try GuardExpression(parsing: "!has(budget) || budget <= budgetCap").evaluate(with: resolver) == .bool(true))
  }

  @Test func guardsReportTheirTypeAndReferences() throws {
    let e = try GuardExpression(parsing: "count.extend == 0 && at <= contractEnd - 30d")
    #expect(try e.typeCheck(schema: schema) == .bool)
    #expect(e.references == ["count.extend", "at", "contractEnd"])
    #expect(try GuardExpression(parsing: "contractEnd + 6mo").typeCheck(schema: schema) == .date)
  }
}
