import Foundation
import STFlowDocuments
import STFlowFoundation
import Testing

@Suite struct DocumentWriterTests {
  @Test func aZipArchiveReadsBackWhatWasWritten() throws {
    let big = [UInt8]((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    let bytes = try ZipArchive.make([("a.txt", Array("xin chào".utf8)), ("thư mục/b.bin", big), ("empty", [])])
    #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
    let files = try ZipArchive.read(bytes)
    #expect(files["a.txt"] == Array("xin chào".utf8))
    #expect(files["thư mục/b.bin"] == big)
    #expect(files["empty"] == [])
    #expect(throws: ZipArchive.Failure.self) { try ZipArchive.read(Array("not a zip".utf8)) }
  }

  @Test func wordTextIsEscapedAndForbiddenCharactersDropped() throws {
    var doc = WordDocument(title: "T")
    doc.add(WordDocument.Paragraph([WordDocument.Run("a < b & \"c\" \u{1}</w:t><w:r>x\nline")]))
    let xml = String(decoding: try #require(try ZipArchive.read(try doc.docx())["word/document.xml"]), as: UTF8.self)
    #expect(xml.contains("a &lt; b &amp; &quot;c&quot; &lt;/w:t&gt;&lt;w:r&gt;x</w:t><w:br/><w:t xml:space=\"preserve\">line"))
    #expect(!xml.contains("\u{1}"))
    // A4 with the decree's margins: left 30 mm, right 15 mm, top and bottom 20 mm.
    #expect(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))
    #expect(xml.contains("w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\""))
  }

  @Test(arguments: [
    ((2026, 2, 5), "Bắc Kạn, ngày 05 tháng 02 năm 2026"), ((2026, 6, 15), "Bắc Kạn, ngày 15 tháng 6 năm 2026"),
    ((2026, 12, 1), "Bắc Kạn, ngày 01 tháng 12 năm 2026"),
  ])
  func theDateLineFollowsTheDecree(_ d: (Int, Int, Int), _ expected: String) throws {
    let date = try #require(LocalDate(year: d.0, month: d.1, day: d.2))
    #expect(AdministrativeDocument.dateLine(place: "Bắc Kạn", date) == expected)
  }

  @Test func aSheetKeepsTypesFormatsAndTotals() throws {
    var sheet = SheetTable(
      sheetName: "Phụ lục", titleLines: ["Danh mục"],
      columns: [.init("Tên", width: 20), .init("Ngày", width: 12, kind: .date), .init("Kinh phí", width: 15, kind: .money, total: true)])
    sheet.rows = [
      [.text("Bí thơm"), .date(try #require(LocalDate(year: 2025, month: 3, day: 1))), .number(950_000_000)],
      [.text("Xoài <tròn>"), .empty, .number(1_200_000_000)],
    ]
    sheet.totalLabel = "Tổng cộng"
    let parts = try ZipArchive.read(try sheet.xlsx())
    let xml = String(decoding: try #require(parts["xl/worksheets/sheet1.xml"]), as: UTF8.self)
    // Header on row 3 (title, blank), frozen below it; 01/03/2025 is Excel day 45717; the total is a formula
    // with its value cached for readers that do not calculate.
    #expect(xml.contains("ySplit=\"3\"") && xml.contains("state=\"frozen\""))
    #expect(xml.contains("<v>45717</v>"))
    #expect(xml.contains("<f>SUM(C4:C5)</f><v>2150000000</v>"))
    let strings = String(decoding: try #require(parts["xl/sharedStrings.xml"]), as: UTF8.self)
    #expect(strings.contains("Xoài &lt;tròn&gt;") && strings.contains("Tổng cộng"))
    let styles = String(decoding: try #require(parts["xl/styles.xml"]), as: UTF8.self)
    #expect(styles.contains("dd/mm/yyyy") && styles.contains("#,##0") && styles.contains("Times New Roman"))
  }
}
