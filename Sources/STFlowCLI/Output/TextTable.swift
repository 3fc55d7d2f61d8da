/// A plain-text table with columns padded to the widest cell (by displayed characters, so
/// Vietnamese text with diacritics lines up).
struct TextTable {
  var header: [String]
  var rows: [[String]] = []

  init(_ header: [String]) { self.header = header }

  mutating func add(_ row: [String]) { rows.append(row) }

  func render(maxWidth: Int = 48) -> String {
    let all = [header] + rows
    let clipped = all.map { row in row.map { $0.count > maxWidth ? String($0.prefix(maxWidth - 1)) + "…" : $0 } }
    var widths = [Int](repeating: 0, count: header.count)
    for row in clipped { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
    var lines: [String] = []
    for (n, row) in clipped.enumerated() {
      let cells = row.enumerated().map { i, c in i == row.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count) }
      lines.append(cells.joined(separator: "  "))
      if n == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
    }
    return lines.joined(separator: "\n")
  }
}
