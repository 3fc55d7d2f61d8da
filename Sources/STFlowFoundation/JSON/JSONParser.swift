/// A strict RFC 8259 JSON parser producing ``JSON`` with object keys in document order — or, pulled value by value
/// (``read(_:_:)``), straight into a caller's own types without a tree.
public struct JSONParser {
  /// A syntax error with the 1-based line and column where it was found.
  public struct SyntaxError: Error, CustomStringConvertible, Sendable {
    public let line: Int
    public let column: Int
    public let message: String
    public var description: String { "line \(line), column \(column): \(message)" }
  }

  /// The document's bytes, alive while the parser is (see ``read(buffer:_:)``).
  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0
  /// The keys of the objects ``members(_:)`` is reading, innermost last, to find a key given twice: a plain key
  /// (ASCII without escapes) as its place in `bytes`, any other as its index in ``openTexts`` and a count of -1.
  private var openKeys: [(start: Int, count: Int)] = []
  private var openTexts: [String] = []

  private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// Parses a complete JSON document.
  public static func parse(_ text: String) throws(SyntaxError) -> JSON {
    try read(text) { (p: inout JSONParser) throws(SyntaxError) in try p.value() }
  }

  /// Parses a complete JSON document from UTF-8 bytes.
  public static func parse(bytes: [UInt8]) throws(SyntaxError) -> JSON {
    let result = bytes.withUnsafeBufferPointer { b in
      Result { () throws(SyntaxError) in try read(buffer: b) { (p: inout JSONParser) throws(SyntaxError) in try p.value() } }
    }
    return try result.get()
  }

  /// Reads the complete JSON document `text` with `body`, which pulls its one value (``value()``, ``members(_:)``,
  /// ``plainString()``); what follows the value must be only white space. No copy of the text is made.
  public static func read<R>(_ text: String, _ body: (inout JSONParser) throws(SyntaxError) -> R) throws(SyntaxError) -> R {
    var text = text
    let result = text.withUTF8 { b in Result { () throws(SyntaxError) in try read(buffer: b, body) } }
    return try result.get()
  }

  private static func read<R>(
    buffer: UnsafeBufferPointer<UInt8>, _ body: (inout JSONParser) throws(SyntaxError) -> R
  ) throws(SyntaxError) -> R {
    var parser = JSONParser(buffer)
    if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
    parser.skipWhitespace()
    let value = try body(&parser)
    parser.skipWhitespace()
    if parser.index < parser.bytes.count { throw parser.error("unexpected text after the JSON value") }
    return value
  }

  // MARK: Pulling values

  /// The next value, as a tree.
  public mutating func value() throws(SyntaxError) -> JSON {
    skipWhitespace()
    return try parseValue(depth: 0)
  }

  /// An object's key as ``members(_:)`` reads it: a plain key (ASCII without escapes) as its bytes, alive only
  /// during the call, and compared without making a string.
  public struct Key {
    fileprivate let plain: UnsafeBufferPointer<UInt8>?
    fileprivate let decoded: String?

    /// The key's text.
    public var string: String { plain.map { String(decoding: $0, as: UTF8.self) } ?? decoded ?? "" }

    /// Whether the key is `name`.
    public func `is`(_ name: StaticString) -> Bool {
      guard let plain else { return decoded == name.description }
      guard plain.count == name.utf8CodeUnitCount else { return false }
      return plain.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }
  }

  /// When the next value is an object, calls `body` with each of its keys in order, the parser standing before that
  /// key's value, which `body` must pull; any other value is passed over. A key given twice is a syntax error, as
  /// in ``parse(_:)``.
  public mutating func members(_ body: (inout JSONParser, Key) throws(SyntaxError) -> Void) throws(SyntaxError) {
    skipWhitespace()
    guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
      _ = try parseValue(depth: 0)
      return
    }
    try walkObject(body)
  }

  /// Reads the object starting here, calling `body` for each key as ``members(_:)`` does.
  private mutating func walkObject(_ body: (inout JSONParser, Key) throws(SyntaxError) -> Void) throws(SyntaxError) {
    index += 1
    let first = openKeys.count
    let firstText = openTexts.count
    defer {
      openKeys.removeSubrange(first...)
      openTexts.removeSubrange(firstText...)
    }
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
      let keyStart = index
      let key: Key
      if let plain = plainString() {
        key = Key(plain: plain, decoded: nil)
        openKeys.append((keyStart + 1, plain.count))
      } else {
        let text = try parseString()
        key = Key(plain: nil, decoded: text)
        openKeys.append((openTexts.count, -1))
        openTexts.append(text)
      }
      if isRepeated(from: first) {
        index = keyStart
        throw error("duplicate key \"\(key.string)\"")
      }
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
      index += 1
      skipWhitespace()
      try body(&self, key)
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of input in an object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return
      } else {
        throw error("expected ',' or '}'")
      }
    }
  }

  /// Whether the last of ``openKeys`` is one of the others from `first` on.
  private func isRepeated(from first: Int) -> Bool {
    let last = openKeys[openKeys.count - 1]
    for k in openKeys[first..<(openKeys.count - 1)] {
      if k.count >= 0 && last.count >= 0 {
        guard k.count == last.count else { continue }
        var same = true
        for i in 0..<k.count where bytes[k.start + i] != bytes[last.start + i] {
          same = false
          break
        }
        if same { return true }
      } else if text(of: k) == text(of: last) {
        return true
      }
    }
    return false
  }

  /// The text of a key in ``openKeys``.
  private func text(of key: (start: Int, count: Int)) -> String {
    key.count < 0
      ? openTexts[key.start] : String(decoding: UnsafeBufferPointer(rebasing: bytes[key.start..<(key.start + key.count)]), as: UTF8.self)
  }

  /// When the next value is an ASCII string without escapes, pulls it and returns its bytes (alive while the
  /// document is being read); otherwise pulls nothing and returns `nil`.
  public mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
    skipWhitespace()
    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
    var end = index + 1
    while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20, bytes[end] < 0x80 {
      end += 1
    }
    guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
    let text = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
    index = end + 1
    return text
  }

  private func error(_ message: String) -> SyntaxError {
    var line = 1
    var column = 1
    for b in bytes[0..<min(index, bytes.count)] {
      if b == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if b & 0xC0 != 0x80 {
        column += 1
      }
    }
    return SyntaxError(line: line, column: column, message: message)
  }

  private mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  private mutating func parseValue(depth: Int) throws(SyntaxError) -> JSON {
    guard depth < 512 else { throw error("nesting is too deep") }
    guard index < bytes.count else { throw error("unexpected end of input") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth)
    case UInt8(ascii: "["): return try parseArray(depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
    case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
    case UInt8(ascii: "n"): try expectWord("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw error("expected a JSON value")
    }
  }

  private mutating func expectWord(_ word: String) throws(SyntaxError) {
    let w = Array(word.utf8)
    guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else {
      throw error("expected '\(word)'")
    }
    index += w.count
  }

  private mutating func parseObject(depth: Int) throws(SyntaxError) -> JSON {
    var members: [(String, JSON)] = []
    try walkObject { (p: inout JSONParser, key: Key) throws(SyntaxError) in members.append((key.string, try p.parseValue(depth: depth + 1)))
    }
    return .object(members)
  }

  private mutating func parseArray(depth: Int) throws(SyntaxError) -> JSON {
    index += 1
    var items: [JSON] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of input in an array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(items)
      } else {
        throw error("expected ',' or ']'")
      }
    }
  }

  private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = bytes[index]
      let d: UInt32
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
      default: throw error("bad hex digit in \\u escape")
      }
      v = v * 16 + d
      index += 1
    }
    return v
  }

  private mutating func parseString() throws(SyntaxError) -> String {
    index += 1
    // The common case, a string without escapes: made from its bytes at once.
    var end = index
    var ascii = true
    while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 {
      ascii = ascii && bytes[end] < 0x80
      end += 1
    }
    if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
      let start = index
      let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
      // ASCII needs no validation; anything else must be valid UTF-8.
      let s: String? = ascii ? String(decoding: slice, as: UTF8.self) : String(validating: slice, as: UTF8.self)
      guard let s else { throw error("invalid UTF-8 in a string") }
      index = end + 1
      return s
    }
    var out: [UInt8] = Array(bytes[index..<end])
    index = end
    while true {
      guard index < bytes.count else { throw error("unterminated string") }
      let c = bytes[index]
      if c == UInt8(ascii: "\"") {
        index += 1
        break
      }
      if c < 0x20 { throw error("control character in a string") }
      if c != UInt8(ascii: "\\") {
        out.append(c)
        index += 1
        continue
      }
      index += 1
      guard index < bytes.count else { throw error("unterminated escape") }
      let e = bytes[index]
      index += 1
      switch e {
      case UInt8(ascii: "\""): out.append(0x22)
      case UInt8(ascii: "\\"): out.append(0x5C)
      case UInt8(ascii: "/"): out.append(0x2F)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try parseHex4()
        if (0xD800...0xDBFF).contains(scalar) {
          guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
          else { throw error("unpaired surrogate") }
          index += 2
          let low = try parseHex4()
          guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate") }
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let u = Unicode.Scalar(scalar) else { throw error("invalid unicode escape") }
        out.append(contentsOf: Array(String(Character(u)).utf8))
      default: throw error("invalid escape character")
      }
    }
    guard let s = String(validating: out, as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
    return s
  }

  private mutating func parseNumber() throws(SyntaxError) -> JSON {
    let start = index
    var isInteger = true
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    func digits(_ p: inout JSONParser) -> Int {
      let s = p.index
      while p.index < p.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(p.bytes[p.index]) { p.index += 1 }
      return p.index - s
    }
    let intDigits = digits(&self)
    if intDigits == 0 { throw error("expected digits") }
    if intDigits > 1, bytes[start + (bytes[start] == UInt8(ascii: "-") ? 1 : 0)] == UInt8(ascii: "0") {
      index = start
      throw error("leading zeros are not allowed")
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      isInteger = false
      index += 1
      if digits(&self) == 0 { throw error("expected digits after '.'") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      isInteger = false
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      if digits(&self) == 0 { throw error("expected exponent digits") }
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    if isInteger, let i = Int64(text) { return .integer(i) }
    guard let d = Double(text) else { throw error("invalid number") }
    return .number(d)
  }
}
