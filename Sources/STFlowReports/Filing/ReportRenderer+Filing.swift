import STFlowDocuments
import STFlowRules

extension ReportRenderer {
  /// What the report is about, as its title says: "6 tháng đầu năm 2026", "năm 2026", or the dates.
  public var periodName: String {
    let (from, to) = (report.from.components, report.to.components)
    if from.year == to.year, from.month == 1, from.day == 1 {
      if to.month == 6, to.day == 30 { return t("6 tháng đầu năm \(from.year)", "first half of \(from.year)") }
      if to.month == 12, to.day == 31 { return t("năm \(from.year)", "the year \(from.year)") }
    }
    return t("từ ngày \(date(report.from)) đến ngày \(date(report.to))", "from \(date(report.from)) to \(date(report.to))")
  }

  /// The report as the .docx a department files (Nghị định 30/2020/NĐ-CP), dated `date`.
  public func docx(letterhead: Letterhead, date: LocalDate) throws -> [UInt8] {
    var doc = AdministrativeDocument(
      parentBody: letterhead.parentBody, body: letterhead.name, number: letterhead.number(kind: "BC", letterhead.reportNumber),
      place: letterhead.place,
      date: date, kind: t("Báo cáo", "Report"),
      subject: t("Tình hình quản lý nhiệm vụ khoa học và công nghệ \(periodName)", "Management of S&T tasks, \(periodName)"),
      signatures: [letterhead.signer])
    doc.recipients = letterhead.recipients
    doc.content = document.wordBlocks
    doc.copiesTo = ["Như trên;"] + letterhead.copies.map { $0 + ";" } + ["Lưu: VT, \(letterhead.symbol)."]
    return try doc.word.docx()
  }

  /// The annex: one row per managed task, with totals, as .xlsx.
  public func xlsx(letterhead: Letterhead) throws -> [UInt8] {
    var sheet = SheetTable(
      sheetName: t("Phụ lục", "Annex"),
      titleLines: [
        t("Phụ lục: Danh mục nhiệm vụ khoa học và công nghệ quản lý \(periodName)", "Annex: S&T tasks managed, \(periodName)"),
        t(
          "(Kèm theo Báo cáo \(letterhead.number(kind: "BC", letterhead.reportNumber)) của \(letterhead.name))",
          "(Annex to report \(letterhead.number(kind: "BC", letterhead.reportNumber)))"),
      ],
      columns: [
        .init(t("TT", "No."), width: 5, kind: .integer), .init(t("Mã", "Key"), width: 12), .init(t("Tên nhiệm vụ", "Title"), width: 45),
        .init(t("Cấp, chương trình", "Level, programme"), width: 18), .init(t("Tổ chức chủ trì", "Host"), width: 26),
        .init(t("Chủ nhiệm", "Investigator"), width: 22), .init(t("Bắt đầu", "Start"), width: 12, kind: .date),
        .init(t("Kết thúc", "End"), width: 12, kind: .date), .init(t("Gia hạn đến", "Extended to"), width: 12, kind: .date),
        .init(t("Kinh phí được duyệt (đồng)", "Approved (VND)"), width: 18, kind: .money, total: true),
        .init(t("Đã cấp (đồng)", "Disbursed (VND)"), width: 18, kind: .money, total: true),
        .init(t("Tình trạng", "State"), width: 20), .init(t("Thời hạn quá hạn", "Overdue deadlines"), width: 30),
      ])
    for (index, row) in report.annex.enumerated() {
      let level = [row.level, row.programme].compactMap { $0?.text(language, fallback: "") }.filter { !$0.isEmpty }
      func text(_ s: String?) -> SheetTable.Cell { s.map { .text($0) } ?? .empty }
      func day(_ d: LocalDate?) -> SheetTable.Cell { d.map { .date($0) } ?? .empty }
      sheet.rows.append([
        .number(Int64(index + 1)), .text(row.task.key), .text(row.task.title), text(level.isEmpty ? nil : level.joined(separator: ", ")),
        text(row.host), text(row.investigator), day(row.start), day(row.end), day(row.extendedEnd), .number(row.budgetApproved),
        .number(row.budgetDisbursed), .text(row.state.text(language, fallback: "")),
        text(row.overdue.isEmpty ? nil : row.overdue.map { $0.text(language, fallback: "") }.joined(separator: "; ")),
      ])
    }
    sheet.totalLabelColumn = 2
    sheet.totalLabel = t("Tổng cộng (\(report.annex.count) nhiệm vụ)", "Total (\(report.annex.count) tasks)")
    return try sheet.xlsx()
  }
}
