import STFlowDocuments

extension ReportDocument {
  typealias P = WordDocument.Paragraph
  typealias R = WordDocument.Run

  /// A number, an amount or a date: written flush right in a table.
  func isFigure(_ text: String) -> Bool { !text.isEmpty && text.allSatisfy { $0.isNumber || $0 == "." || $0 == "/" } }

  /// The blocks as the body of an administrative document: sections as bold headings, figures as
  /// indented paragraphs led by "-", the tasks behind them by "+", tables with a repeated header row.
  var wordBlocks: [WordDocument.Block] {
    var out: [WordDocument.Block] = []
    for block in blocks {
      switch block {
      case .heading(let level, let text): out.append(AdministrativeDocument.heading(text, italic: level > 2))
      case .paragraph(let text): out.append(AdministrativeDocument.body([R(text)]))
      case .list(let items):
        for item in items {
          out.append(AdministrativeDocument.body([R("- " + item.text)]))
          for sub in item.sub {
            var s = P([R("+ " + sub, size: 13)])
            s.left = 10
            s.firstLine = 5
            s.after = 0
            out.append(.paragraph(s))
          }
        }
      case .table(let header, let rows):
        // A column needs its longest value (about 2.2 mm a character at 12 pt) and its header's longest word
        // unbroken (headers wrap between words; bold capitals with diacritics need about 3 mm a character),
        // plus the cell's margins. A text column beside the names wraps beyond 45 mm; the first column (names)
        // takes what is left, at least 45 mm, and everything shrinks only when the page is too narrow.
        var widths = header.indices.map { c -> Double in
          let longestWord = Double(header[c].split(separator: " ").map(\.count).max() ?? 1) * 3.0
          let longestValue = Double(rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0) * 2.2
          return min(45, max(longestWord, longestValue) + 3)
        }
        let others = widths.dropFirst().reduce(0, +)
        widths[0] = max(45, WordDocument.textWidth - others)
        let total = widths.reduce(0, +)
        if total > WordDocument.textWidth { widths = widths.map { $0 * WordDocument.textWidth / total } }
        let body =
          [header.map { AdministrativeDocument.cell($0, header: true) }]
          + rows.map { row in
            row.enumerated().map {
              AdministrativeDocument.cell($0.element, alignment: $0.offset > 0 && isFigure($0.element) ? .right : .left)
            }
          }
        out.append(.table(WordDocument.Table(widths: widths, rows: body, borders: true, header: true)))
      }
    }
    return out
  }
}
