import Foundation
import STFlowDocuments
import STFlowRules
import Testing

/// The documents a department files, made by the `stflow` binary from the demo and opened the way the
/// department opens them: LibreOffice converts each headless (it fails, not skips, when it cannot), the
/// first page is rendered to PNG, and the PDF's text is checked for the period report's own figures.
@Suite(.serialized) struct DocumentTests {
  /// The demo database and its period report as JSON (the figures the documents must say).
  static func demo() throws -> (StflowProcess, String, JSON) {
    let s = try StflowProcess()
    #expect(try s.run(["demo"]).code == 0)
    let db = s.directory.appendingPathComponent("stflow-demo.db").path
    let json = try s.run(["--db", db, "--json", "report", "--from", "01/01/2026", "--to", "30/06/2026"])
    #expect(json.code == 0, "\(json.stderr)")
    return (s, db, try JSONParser.parse(json.stdout))
  }

  /// Converts `file` to PDF with LibreOffice, renders its first page to PNG and returns the PDF's text.
  static func rendered(_ file: String, in folder: URL) throws -> (text: String, pages: Int) {
    let pdf = try LibreOffice.convert(file, to: "pdf", resultExtension: "pdf", into: folder.appendingPathComponent("pdf"))
    let png = folder.appendingPathComponent("page").path
    #expect(try StflowProcess.tool("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", pdf, png]).code == 0)
    let size = (try FileManager.default.attributesOfItem(atPath: png + ".png")[.size] as? Int) ?? 0
    #expect(size > 5_000, "the first page rendered to an image")
    let info = try StflowProcess.tool("pdfinfo", [pdf]).out
    let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
    return (try StflowProcess.tool("pdftotext", ["-layout", pdf, "-"]).out, pages)
  }

  /// pdftotext lays words out by position: compare with single spaces.
  static func squeezed(_ s: String) -> String { s.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ") }

  @Test func thePeriodReportIsAnAdministrativeDocumentWithTheReportsFigures() throws {
    let (s, db, report) = try Self.demo()
    let out = s.directory.appendingPathComponent("bao-cao.docx").path
    // No --format: the file's extension says it is the Word document.
    let made = try s.run(["--db", db, "report", "--from", "01/01/2026", "--to", "30/06/2026", "--out", out])
    #expect(made.code == 0, "\(made.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: out)).prefix(2) == Data("PK".utf8), "a .docx is a zip container")
    let (text, pages) = try Self.rendered(out, in: s.directory)
    let words = Self.squeezed(text)
    #expect(pages >= 2)
    for line in [
      "UBND TỈNH BẮC KẠN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "/BC-SKHCN",
      "BÁO CÁO", "6 tháng đầu năm 2026", "Kính gửi:", "Nơi nhận:", "Như trên;", "GIÁM ĐỐC", "Hoàng Văn Nam",
    ] {
      #expect(words.contains(line), "the document says \(line)")
    }
    #expect(words.contains("Bắc Kạn, ngày"))
    let managed = try #require(report["managed"]?["count"]?.intValue)
    let carried = try #require(report["carriedOver"]?["count"]?.intValue)
    let new = try #require(report["new"]?["count"]?.intValue)
    let approved = try #require(report["budgetApproved"]?.intValue)
    #expect(words.contains("Quản lý \(managed) nhiệm vụ: \(carried) chuyển tiếp, \(new) mới thực hiện từ năm 2026"))
    #expect(words.contains("Kinh phí được phê duyệt \(Value.groupThousands(approved)) đồng"))
  }

  @Test func theAnnexHasARowPerManagedTaskWithFormatsAndTotals() throws {
    let (s, db, report) = try Self.demo()
    let out = s.directory.appendingPathComponent("phu-luc.xlsx").path
    let made = try s.run(["--db", db, "report", "--from", "01/01/2026", "--to", "30/06/2026", "--format", "xlsx", "--out", out])
    #expect(made.code == 0, "\(made.stderr)")
    // The workbook's own parts: money as #,##0, dates as dd/mm/yyyy, the header frozen, totals as SUM formulas.
    let parts = try ZipArchive.read([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
    let styles = String(decoding: try #require(parts["xl/styles.xml"]), as: UTF8.self)
    #expect(styles.contains("formatCode=\"#,##0\"") && styles.contains("formatCode=\"dd/mm/yyyy\""))
    let sheet = String(decoding: try #require(parts["xl/worksheets/sheet1.xml"]), as: UTF8.self)
    #expect(sheet.contains("state=\"frozen\""))
    #expect(sheet.contains("<f>SUM(J5:J"))
    // Read back as LibreOffice shows it: one row per managed task, then the totals.
    let csv = try LibreOffice.convert(
      out, to: "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true", resultExtension: "csv",
      into: s.directory.appendingPathComponent("csv"))
    let rows = try CSV.parse(String(contentsOfFile: csv, encoding: .utf8)).map(\.fields)
    let managed = try #require(report["managed"]?["tasks"]?.arrayValue).compactMap { $0["key"]?.stringValue }
    let keys = rows.compactMap { $0.count > 1 && $0[1].hasPrefix("DT-") ? $0[1] : nil }
    #expect(keys == managed.sorted())
    let total = try #require(rows.first { $0.count > 9 && $0[2].hasPrefix("Tổng cộng") })
    let approved = try #require(report["budgetApproved"]?.intValue)
    #expect(total[9].replacingOccurrences(of: ",", with: "") == String(approved))
    let first = try #require(rows.first { $0.count > 7 && $0[1] == "DT-2024-02" })
    #expect(first[6] == "01/03/2025", "dates read as dd/mm/yyyy")
    #expect(first[5] == "ThS. Lê Thị Mai", "the investigator by name")
  }

  @Test func councilMinutesRecordTheSessionAndAreSigned() throws {
    let (s, db, _) = try Self.demo()
    let out = s.directory.appendingPathComponent("bien-ban.docx").path
    let made = try s.run(["--db", db, "council", "minutes", "DT-2024-01", "acceptance", "--out", out])
    #expect(made.code == 0, "\(made.stderr)")
    let words = Self.squeezed(try Self.rendered(out, in: s.directory).text)
    for line in [
      "BIÊN BẢN", "/BB-SKHCN", "Họp hội đồng nghiệm thu cấp tỉnh", "Quyết định số 103/QĐ-SKHCN", "Phòng họp Sở Khoa học và Công nghệ",
      "GS.TS. Nguyễn Văn Thanh", "Chủ tịch", "Ủy viên phản biện", "Có mặt 7/7 thành viên",
      "TS. Triệu Đức Hải không tham gia hội đồng", "công tác tại tổ chức chủ trì", "Phiên họp đủ điều kiện tiến hành", "77 điểm",
      "Hội đồng kết luận: Khá", "THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG", "ThS. Đinh Thùy Linh",
    ] {
      #expect(words.contains(line), "the minutes say \(line)")
    }
    #expect(!words.contains("works for") && !words.contains("mean score"), "no English left in the minutes")
    // A council that never sat has no minutes; nothing is written.
    let none = try s.run(["--db", db, "council", "minutes", "DT-2026-09", "acceptance", "--out", out + "2"])
    #expect(none.code == 2 && !FileManager.default.fileExists(atPath: out + "2"))
    #expect(try s.run(["--db", db, "council", "minutes", "DT-2024-01", "acceptance"]).code == 2)
  }
}
