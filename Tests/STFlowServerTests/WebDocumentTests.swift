import Foundation
import STFlowDocuments
import Testing

/// The documents come out of the web interface as they do from the command line, for those who may read them.
@Suite struct WebDocumentTests {
  static let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

  @Test func staffDownloadTheReportAndAnnexAndCouncilMinutes() throws {
    let h = try ServerHarness()
    let lan = Client(base: h.base)
    try lan.signIn("lan.nguyen")
    let report = try lan.send("GET", "/bao-cao/tai-ve?tu=2026-01-01&den=2026-06-30&dinh-dang=docx")
    #expect(report.status == 200 && report.header("Content-Type") == Self.docx)
    #expect(report.header("Content-Disposition")?.contains("bao-cao-2026-01-01-2026-06-30.docx") == true)
    let body = try #require(try ZipArchive.read([UInt8](report.body))["word/document.xml"])
    #expect(String(decoding: body, as: UTF8.self).contains("BÁO CÁO"))
    let annex = try lan.send("GET", "/bao-cao/tai-ve?tu=2026-01-01&den=2026-06-30&dinh-dang=xlsx")
    #expect(annex.status == 200)
    #expect(try ZipArchive.read([UInt8](annex.body))["xl/worksheets/sheet1.xml"] != nil)
    let minutes = try lan.send("GET", "/nhiem-vu/DT-2024-01/hoi-dong/acceptance/bien-ban")
    #expect(minutes.status == 200 && minutes.header("Content-Type") == Self.docx)
    let text = String(decoding: try #require(try ZipArchive.read([UInt8](minutes.body))["word/document.xml"]), as: UTF8.self)
    #expect(text.contains("BIÊN BẢN") && text.contains("Hội đồng kết luận"))
    // The council page offers them.
    let page = String(decoding: try lan.send("GET", "/nhiem-vu/DT-2024-01/hoi-dong/acceptance").body, as: UTF8.self)
    #expect(page.contains("/nhiem-vu/DT-2024-01/hoi-dong/acceptance/bien-ban"))
    #expect(!page.contains("mean score") && !page.contains("works for the"))
  }

  @Test func anInvestigatorGetsNeitherTheReportNorMinutesOfAnotherTask() throws {
    let h = try ServerHarness()
    let mai = Client(base: h.base)
    try mai.signIn("ths.mai")
    #expect(try mai.send("GET", "/bao-cao/tai-ve?tu=2026-01-01&den=2026-06-30&dinh-dang=docx").status == 404)
    let other = try mai.send("GET", "/nhiem-vu/DT-2024-01/hoi-dong/acceptance/bien-ban")
    #expect(other.status == 404)
    #expect(!other.body.starts(with: Array("PK".utf8)), "an error page, not the minutes")
  }
}
