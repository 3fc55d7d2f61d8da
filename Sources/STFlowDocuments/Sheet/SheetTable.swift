import CXlsxWriter
import Foundation
import STFlowFoundation

/// One table as an .xlsx workbook, written by libxlsxwriter: title lines merged across the table, a bold
/// header row that stays in view (frozen panes) and prints on every page, typed cells (money as
/// `#,##0`, dates as dd/mm/yyyy), column widths, and a totals row of SUM formulas.
public struct SheetTable: Sendable {
  public enum Kind: Sendable { case text, integer, money, date }

  public struct Column: Sendable {
    public var header: String
    /// Width in characters.
    public var width: Double
    public var kind: Kind
    /// Whether the totals row sums this column.
    public var total: Bool
    public init(_ header: String, width: Double, kind: Kind = .text, total: Bool = false) {
      self.header = header
      self.width = width
      self.kind = kind
      self.total = total
    }
  }

  public enum Cell: Sendable {
    case text(String)
    case number(Int64)
    case date(LocalDate)
    case empty
  }

  public var sheetName: String
  /// Lines above the table (the annex's name, the period).
  public var titleLines: [String]
  public var columns: [Column]
  public var rows: [[Cell]] = []
  /// The label of the totals row (in the first text column); `nil`: no totals row.
  public var totalLabel: String?
  /// The column the totals row's label goes in.
  public var totalLabelColumn = 0

  public init(sheetName: String, titleLines: [String], columns: [Column]) {
    self.sheetName = sheetName
    self.titleLines = titleLines
    self.columns = columns
  }

  /// The row (0-based) of the header, below the title lines and one blank row.
  public var headerRow: Int { titleLines.isEmpty ? 0 : titleLines.count + 1 }

  /// The .xlsx file. libxlsxwriter writes to a path: a private temporary file, read back and removed.
  public func xlsx() throws -> [UInt8] {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-xlsx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("annex.xlsx").path
    try write(to: path, tmpdir: dir.path)
    return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  func write(to path: String, tmpdir: String) throws {
    let workbook: UnsafeMutablePointer<lxw_workbook>? = tmpdir.withCString { dirPointer in
      var options = lxw_workbook_options(constant_memory: 0, tmpdir: UnsafeMutablePointer(mutating: dirPointer), use_zip64: 0)
      return workbook_new_opt(path, &options)
    }
    guard let workbook else { throw Failure(description: "xlsx: cannot create \(path)") }
    let safeName = String(sheetName.filter { !"[]:*?/\\".contains($0) }.prefix(31))
    guard let sheet = workbook_add_worksheet(workbook, safeName.isEmpty ? nil : safeName) else {
      workbook_close(workbook)
      throw Failure(description: "xlsx: cannot add the sheet '\(sheetName)'")
    }
    let formats = Formats(workbook)

    worksheet_set_paper(sheet, 9)  // A4
    worksheet_set_landscape(sheet)
    worksheet_fit_to_pages(sheet, 1, 0)
    let last = lxw_col_t(max(0, columns.count - 1))
    for (index, line) in titleLines.enumerated() {
      worksheet_merge_range(sheet, lxw_row_t(index), 0, lxw_row_t(index), last, line, index == 0 ? formats.title : formats.subtitle)
    }
    let header = lxw_row_t(headerRow)
    for (index, column) in columns.enumerated() {
      worksheet_set_column(sheet, lxw_col_t(index), lxw_col_t(index), column.width, nil)
      worksheet_write_string(sheet, header, lxw_col_t(index), column.header, formats.header)
    }
    worksheet_freeze_panes(sheet, header + 1, 0)
    worksheet_repeat_rows(sheet, header, header)

    // Row heights are not computed by the writer and not every reader grows them: set them from the
    // longest wrapped text (a character is about one unit of column width).
    worksheet_set_row(sheet, header, 16 * Double(lines(columns.map { ($0.header, $0.width) })), nil)
    for (r, row) in rows.enumerated() {
      let at = header + 1 + lxw_row_t(r)
      let texts: [(String, Double)] = row.enumerated().compactMap { c, cell in
        guard c < columns.count, case .text(let s) = cell else { return nil }
        return (s, columns[c].width)
      }
      worksheet_set_row(sheet, at, 16 * Double(lines(texts)), nil)
      for (c, cell) in row.enumerated() where c < columns.count {
        let col = lxw_col_t(c)
        let format = formats.cell(columns[c].kind)
        switch cell {
        case .text(let s): worksheet_write_string(sheet, at, col, s, format)
        case .number(let n): worksheet_write_number(sheet, at, col, Double(n), format)
        case .date(let d):
          let parts = d.components
          var datetime = lxw_datetime(year: Int32(parts.year), month: Int32(parts.month), day: Int32(parts.day), hour: 0, min: 0, sec: 0)
          worksheet_write_datetime(sheet, at, col, &datetime, format)
        case .empty: worksheet_write_blank(sheet, at, col, format)
        }
      }
    }
    if let totalLabel {
      let at = header + 1 + lxw_row_t(rows.count)
      let labelColumn = totalLabelColumn
      for (c, column) in columns.enumerated() {
        let col = lxw_col_t(c)
        if column.total {
          let letter = Self.columnName(c)
          let first = Int(header) + 2
          let lastRow = Int(header) + 1 + rows.count
          let sum = rows.reduce(Int64(0)) { total, row in
            if c < row.count, case .number(let n) = row[c] { return total + n }
            return total
          }
          let formula = rows.isEmpty ? "=0" : "=SUM(\(letter)\(first):\(letter)\(lastRow))"
          worksheet_write_formula_num(sheet, at, col, formula, formats.total(column.kind), Double(sum))
        } else if c == labelColumn {
          worksheet_write_string(sheet, at, col, totalLabel, formats.total(.text))
        } else {
          worksheet_write_blank(sheet, at, col, formats.total(.text))
        }
      }
    }
    let result = workbook_close(workbook)
    guard result == LXW_NO_ERROR else {
      throw Failure(description: "xlsx: cannot write \(path): \(String(cString: lxw_strerror(result)))")
    }
  }

  /// How many lines the longest of these texts takes, wrapped at word boundaries in its column width.
  func lines(_ texts: [(String, Double)]) -> Int {
    texts.map { text, width in
      let room = max(1, Int(width * 1.1) - 1)
      var count = 1
      var used = 0
      for word in text.split(separator: " ") {
        let n = word.count
        if used > 0 && used + 1 + n > room {
          count += 1
          used = n
        } else {
          used += (used > 0 ? 1 : 0) + n
        }
      }
      return count
    }.max() ?? 1
  }

  /// A, B, …, Z, AA, … for a 0-based column.
  static func columnName(_ index: Int) -> String {
    var n = index + 1
    var name = ""
    while n > 0 {
      let r = (n - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + r))) + name
      n = (n - 1) / 26
    }
    return name
  }

  /// The cell formats of one workbook (owned by it; freed when it closes).
  struct Formats {
    let title, subtitle, header, text, integer, money, date: UnsafeMutablePointer<lxw_format>?
    let totalText, totalMoney, totalInteger: UnsafeMutablePointer<lxw_format>?

    init(_ workbook: UnsafeMutablePointer<lxw_workbook>) {
      func make(
        bold: Bool = false, size: Double = 12, border: Bool = true, wrap: Bool = false, number: String? = nil,
        center: Bool = false
      ) -> UnsafeMutablePointer<lxw_format>? {
        let f = workbook_add_format(workbook)
        format_set_font_name(f, "Times New Roman")
        format_set_font_size(f, size)
        if bold { format_set_bold(f) }
        if border { format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue)) }
        if wrap { format_set_text_wrap(f) }
        if let number { format_set_num_format(f, number) }
        if center { format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue)) }
        format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        return f
      }
      title = make(bold: true, size: 14, border: false, center: true)
      subtitle = make(size: 12, border: false, center: true)
      header = make(bold: true, wrap: true, center: true)
      text = make(wrap: true)
      integer = make(number: "0")
      money = make(number: "#,##0")
      date = make(number: "dd/mm/yyyy", center: true)
      totalText = make(bold: true)
      totalMoney = make(bold: true, number: "#,##0")
      totalInteger = make(bold: true, number: "0")
    }

    func cell(_ kind: Kind) -> UnsafeMutablePointer<lxw_format>? {
      switch kind {
      case .text: text
      case .integer: integer
      case .money: money
      case .date: date
      }
    }

    func total(_ kind: Kind) -> UnsafeMutablePointer<lxw_format>? {
      switch kind {
      case .money: totalMoney
      case .integer: totalInteger
      default: totalText
      }
    }
  }
}
