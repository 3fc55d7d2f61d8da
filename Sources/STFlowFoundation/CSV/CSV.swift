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
  ///
  /// Works on the UTF-8 bytes: the separator, quotes and line breaks are ASCII, and no byte of a multi-byte
  /// character is, so a field is cut exactly where the text's characters would cut it — without walking
  /// grapheme clusters, which a spreadsheet of 10,000 rows would spend most of its reading time on.
  public static func parse(_ text: String, separator: Character = ",") throws(SyntaxError) -> [Row] {
    guard let sep = separator.asciiValue, sep != UInt8(ascii: "\""), sep != 0x0A, sep != 0x0D else {
      throw SyntaxError(line: 1, message: "the separator must be one ASCII character other than a quote or a line break")
    }
    var copy = text
    return try copy.withUTF8 { bytes -> Result<[Row], SyntaxError> in
      var rows: [Row] = []
      var field: [UInt8] = []
      var fields: [String] = []
      var line = 1
      var rowStart = 1
      var quoted = false
      var atFieldStart = true
      var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
      let quote = UInt8(ascii: "\"")
      func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
      }
      func endRow() {
        endField()
        if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowStart, fields: fields)) }
        fields = []
        atFieldStart = true
      }
      while i < bytes.count {
        let b = bytes[i]
        i += 1
        if quoted {
          if b == quote {
            if i < bytes.count, bytes[i] == quote {
              field.append(quote)
              i += 1
            } else {
              quoted = false
            }
          } else {
            if b == 0x0A { line += 1 }
            field.append(b)
          }
          continue
        }
        switch b {
        case quote where atFieldStart:
          quoted = true
          atFieldStart = false
        case sep:
          endField()
          atFieldStart = true
        case 0x0A, 0x0D:
          if b == 0x0D, i < bytes.count, bytes[i] == 0x0A { i += 1 }
          endRow()
          line += 1
          rowStart = line
        default:
          field.append(b)
          atFieldStart = false
        }
      }
      if quoted { return .failure(SyntaxError(line: rowStart, message: "a quoted field is not closed")) }
      if !field.isEmpty || !fields.isEmpty { endRow() }
      return .success(rows)
    }.get()
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
