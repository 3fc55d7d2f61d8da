/// RFC 4180 CSV: fields separated by commas (or another separator), quoted with double quotes when
/// they hold a separator, a quote or a line break. A UTF-8 byte-order mark is skipped.
public enum CSV {
  /// A row with the 1-based line number it starts on.
  public struct Row: Sendable, Equatable {
    public let line: Int
    public let fields: [String]
  }

  public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
  }

  /// Parses CSV text into rows; empty lines are skipped.
  public static func parse(_ text: String, separator: Character = ",") throws(SyntaxError) -> [Row] {
    var rows: [Row] = []
    var field = ""
    var fields: [String] = []
    var line = 1
    var rowStart = 1
    var quoted = false
    var atFieldStart = true
    var chars = Substring(text)
    if chars.first == "\u{FEFF}" { chars = chars.dropFirst() }
    var iterator = chars.makeIterator()
    var pending: Character?
    func next() -> Character? {
      if let p = pending {
        pending = nil
        return p
      }
      return iterator.next()
    }
    func endRow() {
      fields.append(field)
      if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowStart, fields: fields)) }
      fields = []
      field = ""
      atFieldStart = true
    }
    while let c = next() {
      if quoted {
        if c == "\"" {
          if let n = next() {
            if n == "\"" {
              field.append("\"")
            } else {
              quoted = false
              pending = n
            }
          } else {
            quoted = false
          }
        } else {
          if c == "\n" || c == "\r\n" { line += 1 }
          field.append(c)
        }
        continue
      }
      switch c {
      case "\"" where atFieldStart:
        quoted = true
        atFieldStart = false
      case separator:
        fields.append(field)
        field = ""
        atFieldStart = true
      case "\n", "\r\n", "\r":
        endRow()
        line += 1
        rowStart = line
      default:
        field.append(c)
        atFieldStart = false
      }
    }
    if quoted { throw SyntaxError(line: rowStart, message: "a quoted field is not closed") }
    if !field.isEmpty || !fields.isEmpty { endRow() }
    return rows
  }

  /// One field, quoted when it needs to be.
  public static func escape(_ field: String, separator: Character = ",") -> String {
    guard field.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Rows as CSV text with CRLF line ends (what spreadsheet programs expect).
  public static func write(_ rows: [[String]], separator: Character = ",") -> String {
    rows.map { $0.map { escape($0, separator: separator) }.joined(separator: String(separator)) }.joined(separator: "\r\n") + "\r\n"
  }
}
