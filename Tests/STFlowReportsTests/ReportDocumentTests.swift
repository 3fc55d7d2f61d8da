import Testing

@testable import STFlowReports

@Suite struct ReportDocumentTests {
  @Test func aPipeInATableCellIsEscapedAndNothingElseChanges() {
    #expect(ReportDocument.markdownCell("Trám đen | Văn Quan") == "Trám đen \\| Văn Quan")
    #expect(ReportDocument.markdownCell("|a||b|") == "\\|a\\|\\|b\\|")
    #expect(ReportDocument.markdownCell("|") == "\\|")
    #expect(ReportDocument.markdownCell("") == "")
    let plain = "Phục tráng giống Bí thơm Ba Bể — 650.000.000 đ"
    #expect(ReportDocument.markdownCell(plain) == plain)
  }
}
