import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules

@Suite struct FieldValueParserTests {
  func field(_ type: FieldType, values: [String] = []) -> FieldDefinition {
    FieldDefinition(name: "f", type: type, enumValues: values)
  }

  @Test(arguments: [
    ("500000000", Int64(500_000_000)), ("500.000.000", 500_000_000), ("500,000,000", 500_000_000),
    ("1.200.000.000 VND", 1_200_000_000), ("75000đ", 75_000), ("500 000 000", 500_000_000),
  ])
  func moneyIsReadAsPeopleWriteIt(text: String, amount: Int64) throws {
    #expect(try FieldValueParser.parse(text, for: field(.money)) == .money(amount))
  }

  /// Money is never negative and one amount uses one separator style.
  @Test(arguments: ["5.00.000", "12,5", "năm trăm", "1..000", "-1.000", "1.000,000", "1,000.000", "1 000.000"])
  func malformedMoneyIsRejected(text: String) {
    #expect(throws: FieldValueParser.Failure.self) { try FieldValueParser.parse(text, for: field(.money)) }
  }

  @Test func datesAcceptBothISOAndVietnameseOrder() throws {
    #expect(try FieldValueParser.parse("01/03/2026", for: field(.date)) == .date(LocalDate(iso: "2026-03-01")!))
    #expect(try FieldValueParser.parse("2026-03-01", for: field(.date)) == .date(LocalDate(iso: "2026-03-01")!))
    #expect(throws: FieldValueParser.Failure.self) { try FieldValueParser.parse("31/02/2026", for: field(.date)) }
    // Years outside 1900–2200 are typing mistakes.
    #expect(throws: FieldValueParser.Failure.self) { try FieldValueParser.parse("01/03/1800", for: field(.date)) }
    #expect(throws: FieldValueParser.Failure.self) { try FieldValueParser.parse("2201-01-01", for: field(.date)) }
  }

  @Test func textIsNormalisedToNFC() throws {
    let decomposed = "Bi\u{0301} thơm"  // "Bí" with a combining acute accent
    #expect(try FieldValueParser.parse(decomposed, for: field(.string)) == .string("Bí thơm"))
  }

  @Test func enumsBooleansAndEmptyValues() throws {
    #expect(try FieldValueParser.parse("kha", for: field(.enum, values: ["kha", "dat"])) == .string("kha"))
    #expect(throws: FieldValueParser.Failure.self) { try FieldValueParser.parse("gioi", for: field(.enum, values: ["kha"])) }
    #expect(try FieldValueParser.parse("có", for: field(.boolean)) == .bool(true))
    #expect(try FieldValueParser.parse("", for: field(.integer)) == .null)
    #expect(throws: FieldValueParser.Failure.self) { try FieldValueParser.parse("1.5", for: field(.integer)) }
  }
}
