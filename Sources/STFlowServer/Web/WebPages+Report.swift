import Foundation
import STFlowCLI
import STFlowPresentation
import STFlowRules

extension WebPages {
  /// The period asked for (`tu`, `den` as dates), by default the current half-year.
  func period(_ c: Context) -> (LocalDate, LocalDate) {
    let today = c.formats.day(clock.now())
    let y = today.components.year
    let firstHalf = today.components.month <= 6
    let from = c.request.query("tu").flatMap(Timestamp.parseDate) ?? LocalDate(year: y, month: firstHalf ? 1 : 7, day: 1) ?? today
    let to =
      c.request.query("den").flatMap(Timestamp.parseDate) ?? LocalDate(year: y, month: firstHalf ? 6 : 12, day: firstHalf ? 30 : 31)
      ?? today
    return (from, to)
  }

  /// `/bao-cao`: pick a period, read the report (the same `report` command as the command line), download it.
  func reportPage(_ c: Context) throws -> HTTPResponse {
    guard c.isStaff else { return notFound(c) }
    let (from, to) = period(c)
    var content: HTML
    var status = 200
    do {
      let html = try runText(
        c, ServedCommand(["report"], options: [("--from", from.description), ("--to", to.description), ("--format", "html")]))
      // The report's own page is self-contained; its <main> is shown inside this one.
      let inner = html.components(separatedBy: "<main>").dropFirst().first?.components(separatedBy: "</main>").first ?? ""
      content = HTML(trusted: inner.replacingOccurrences(of: "<h1>", with: "<h2>").replacingOccurrences(of: "</h1>", with: "</h2>"))
    } catch {
      content = refusalBox(c, error)
      status = self.status(error)
    }
    let query = "?tu=\(from.description)&den=\(to.description)"
    let body: HTML = """
      <form class="filters" method="get" action="/bao-cao"><label for="tu">\(c.t("Từ ngày", "From"))\(Self.dateInput(id: "tu", name: "tu", value: from.dayMonthYear))</label>
      <label for="den">\(c.t("Đến ngày", "To"))\(Self.dateInput(id: "den", name: "den", value: to.dayMonthYear))</label><button type="submit">\(c.t("Xem báo cáo", "Show the report"))</button></form>
      <p>\(c.t("Tải về", "Download")): <a href="/bao-cao/tai-ve\(query)&dinh-dang=docx" download>\(c.t("Báo cáo (.docx)", "Report (.docx)"))</a> · \
      <a href="/bao-cao/tai-ve\(query)&dinh-dang=xlsx" download>\(c.t("Phụ lục danh mục nhiệm vụ (.xlsx)", "Task annex (.xlsx)"))</a> · \
      <a href="/bao-cao/tai-ve\(query)&dinh-dang=md" download>Markdown (.md)</a> · <a href="/bao-cao/tai-ve\(query)&dinh-dang=json" download>JSON</a> · \
      <a href="/bao-cao/tai-ve\(query)&dinh-dang=html" download>HTML</a></p>
      <section class="card report">\(content)</section>
      """
    return page(
      c, title: c.t("Báo cáo kỳ \(c.formats.date(from)) – \(c.formats.date(to))", "Report \(c.formats.date(from)) – \(c.formats.date(to))"),
      active: "report", body: body, status: status)
  }

  /// `/bao-cao/tai-ve?tu&den&dinh-dang=docx|xlsx|md|json|html`: the report as a file.
  func reportDownload(_ c: Context) throws -> HTTPResponse {
    guard c.isStaff else { return notFound(c) }
    let (from, to) = period(c)
    let format = c.request.query("dinh-dang") ?? "md"
    let types = [
      "md": "text/markdown; charset=utf-8", "json": "application/json; charset=utf-8", "html": "text/html; charset=utf-8",
      "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    guard let type = types[format] else { return notFound(c) }
    do {
      let command = ServedCommand(["report"], options: [("--from", from.description), ("--to", to.description), ("--format", format)])
      let body = ["docx", "xlsx"].contains(format) ? try runFile(c, command, ext: format) : Array(try runText(c, command).utf8)
      var r = HTTPResponse(status: 200, body: body, contentType: type)
      r.header("Content-Disposition", "attachment; filename=\"bao-cao-\(from.description)-\(to.description).\(format)\"")
      return r
    } catch {
      return page(
        c, title: c.t("Không tạo được báo cáo", "The report failed"), active: "report", body: refusalBox(c, error), status: status(error))
    }
  }
}
