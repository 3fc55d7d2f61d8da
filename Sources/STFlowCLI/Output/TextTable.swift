/// A plain-text table with columns padded to the widest cell (by displayed characters, so
/// Vietnamese text with diacritics lines up).
struct TextTable {
  var header: [String]
  var rows: [[String]] = []

  init(_ header: [String]) { self.header = header }

  mutating func add(_ row: [String]) { rows.append(row) }

  func render(maxWidth: Int = 48) -> String {
    // Each cell with its width in characters, counted once (a table may have a hundred thousand rows).
    let all = ([header] + rows).map { row in
      row.map { cell -> (text: String, width: Int) in
        let n = cell.count
        return n > maxWidth ? (String(cell.prefix(maxWidth - 1)) + "…", maxWidth) : (cell, n)
      }
    }
    var widths = [Int](repeating: 0, count: header.count)
    for row in all { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.width) } }
    var lines: [String] = []
    lines.reserveCapacity(all.count + 1)
    for (n, row) in all.enumerated() {
      let cells = row.enumerated().map { i, c in
        i == row.count - 1 || i >= widths.count ? c.text : c.text + String(repeating: " ", count: widths[i] - c.width)
      }
      lines.append(cells.joined(separator: "  "))
      if n == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
    }
    return lines.joined(separator: "\n")
  }
}
