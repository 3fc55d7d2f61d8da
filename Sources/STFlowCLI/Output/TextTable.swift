/// A plain-text table with columns padded to the widest cell (by displayed characters, so
/// Vietnamese text with diacritics lines up).
struct TextTable {
  var header: [String]
  var rows: [[String]] = []

  init(_ header: [String]) { self.header = header }

  mutating func add(_ row: [String]) { rows.append(row) }

  func render(maxWidth: Int = 48) -> String {
    // A table may have a hundred thousand rows: the widths are found in one pass and the lines written as bytes
    // into one buffer in a second, with no string per padded cell or per line.
    var widths = [Int](repeating: 0, count: header.count)
    var bytes = 0
    for row in [header] + rows {
      for (i, cell) in row.enumerated() {
        bytes += cell.utf8.count + 2
        if i < widths.count { widths[i] = max(widths[i], Self.fitted(cell, maxWidth).width) }
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity(bytes + (rows.count + 2) * widths.reduce(1, +))
    func line(_ row: [String]) {
      for (i, cell) in row.enumerated() {
        if i > 0 { out.append(contentsOf: [0x20, 0x20]) }
        let c = Self.fitted(cell, maxWidth)
        out.append(contentsOf: c.text.utf8)
        if i < row.count - 1, i < widths.count { out.append(contentsOf: repeatElement(0x20, count: widths[i] - c.width)) }
      }
    }
    line(header)
    out.append(0x0A)
    for (i, w) in widths.enumerated() {
      if i > 0 { out.append(contentsOf: [0x20, 0x20]) }
      out.append(contentsOf: repeatElement(0x2D, count: w))
    }
    for row in rows {
      out.append(0x0A)
      line(row)
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// A cell as shown, cut to `maxWidth` characters with an ellipsis, and its width in characters (an ASCII cell,
  /// most of them, is counted by its bytes).
  private static func fitted(_ cell: String, _ maxWidth: Int) -> (text: String, width: Int) {
    let n = cell.utf8.allSatisfy { $0 < 0x80 } ? cell.utf8.count : cell.count
    return n > maxWidth ? (String(cell.prefix(maxWidth - 1)) + "…", maxWidth) : (cell, n)
  }
}
