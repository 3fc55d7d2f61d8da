import Testing

@testable import STFlowFoundation

@Suite struct CSVTests {
  @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
    let text = "\u{FEFF}Mã,Tên,Kinh phí\r\nDT-1,\"Bí thơm, Ba Bể\",\"1.200.000.000\"\r\nDT-2,\"Nói \"\"xoài\"\"\nhai dòng\",\r\n\r\n"
    let rows = try CSV.parse(text)
    #expect(rows.map(\.line) == [1, 2, 3])
    #expect(rows[0].fields == ["Mã", "Tên", "Kinh phí"])
    #expect(rows[1].fields == ["DT-1", "Bí thơm, Ba Bể", "1.200.000.000"])
    #expect(rows[2].fields == ["DT-2", "Nói \"xoài\"\nhai dòng", ""])
  }

  @Test func writingAndReadingRoundTrips() throws {
    let rows = [["a", "b,c", "d\"e"], ["", "Phục tráng\ngiống", "x"]]
    #expect(try CSV.parse(CSV.write(rows)).map(\.fields) == rows)
  }

  @Test func anUnclosedQuoteNamesItsLine() {
    #expect(throws: CSV.SyntaxError(line: 2, message: "a quoted field is not closed")) { try CSV.parse("a,b\n\"c,d\n") }
  }

  @Test func semicolonsOldMacLineEndsAndAccentsNextToSeparatorsAreReadAsWritten() throws {
    // A Vietnamese sheet saved by Excel with semicolons; a line ended by CR alone; accents (decomposed too) on
    // either side of a separator; a quote inside an unquoted field stays a quote.
    let decomposed = "Bi\u{0301} thơm"
    let text = "Mã;Tên;Ghi chú\rĐT-1;\(decomposed);Trám đen 5\"\r\nĐT-2;\"Xoài; Yên Châu\";ổi\n"
    let rows = try CSV.parse(text, separator: ";")
    #expect(rows.map(\.line) == [1, 2, 3])
    #expect(rows[1].fields == ["ĐT-1", decomposed, "Trám đen 5\""])
    #expect(rows[1].fields[1].unicodeScalars.count == decomposed.unicodeScalars.count)
    #expect(rows[2].fields == ["ĐT-2", "Xoài; Yên Châu", "ổi"])
  }

  @Test func aSeparatorThatIsNotOneASCIICharacterIsRefused() {
    #expect(throws: CSV.SyntaxError.self) { try CSV.parse("a,b", separator: "\"") }
    #expect(throws: CSV.SyntaxError.self) { try CSV.parse("a,b", separator: "đ") }
  }
}
