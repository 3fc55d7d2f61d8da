/// Splits a guard expression into tokens.
struct Lexer {
  private static let symbols = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "+", "-", "(", ")", "[", "]", ",", "?", ":"]

  static func tokenize(_ source: String) throws(ExpressionError) -> [Token] {
    let chars = Array(source.unicodeScalars)
    var tokens: [Token] = []
    var i = 0
    func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    func isIdentStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
    func isIdentPart(_ c: Unicode.Scalar) -> Bool { isIdentStart(c) || isDigit(c) }
    while i < chars.count {
      let c = chars[i]
      let column = i + 1
      if c == " " || c == "\t" || c == "\n" || c == "\r" {
        i += 1
        continue
      }
      if isDigit(c) {
        var j = i
        while j < chars.count, isDigit(chars[j]) || chars[j] == "_" { j += 1 }
        // A date literal: yyyy-MM-dd.
        if j - i == 4, j + 6 <= chars.count,
          chars[j] == "-", isDigit(chars[j + 1]), isDigit(chars[j + 2]), chars[j + 3] == "-",
          isDigit(chars[j + 4]), isDigit(chars[j + 5]), j + 6 == chars.count || !isIdentPart(chars[j + 6])
        {
          let text = String(String.UnicodeScalarView(chars[i..<j + 6]))
          guard let d = LocalDate(iso: text) else {
            throw ExpressionError(column: column, message: "'\(text)' is not a valid date")
          }
          tokens.append(Token(kind: .date(d), column: column))
          i = j + 6
          continue
        }
        let digits = String(String.UnicodeScalarView(chars[i..<j])).replacingUnderscores()
        guard let n = Int64(digits) else {
          throw ExpressionError(column: column, message: "number '\(digits)' is too large")
        }
        var k = j
        while k < chars.count, isIdentPart(chars[k]) { k += 1 }
        let suffix = String(String.UnicodeScalarView(chars[j..<k]))
        i = k
        switch suffix {
        case "": tokens.append(Token(kind: .integer(n), column: column))
        case "vnd", "VND", "đ": tokens.append(Token(kind: .money(n), column: column))
        default:
          guard let unit = Period.Unit(rawValue: suffix) else {
            throw ExpressionError(
              column: column,
              message: "unknown unit '\(suffix)' after \(digits) (expected d, wd, w, mo, y or vnd)")
          }
          guard n <= Int64(Period.maximum(unit)) else {
            throw ExpressionError(
              column: column, message: "period \(digits)\(suffix) is out of range (at most \(Period.maximum(unit))\(suffix))")
          }
          tokens.append(Token(kind: .period(Period(Int(n), unit)), column: column))
        }
        continue
      }
      if c == "\"" || c == "'" {
        var j = i + 1
        var text = String.UnicodeScalarView()
        while j < chars.count, chars[j] != c {
          if chars[j] == "\\", j + 1 < chars.count {
            j += 1
          }
          text.append(chars[j])
          j += 1
        }
        guard j < chars.count else { throw ExpressionError(column: column, message: "unterminated string") }
        tokens.append(Token(kind: .string(String(text)), column: column))
        i = j + 1
        continue
      }
      if isIdentStart(c) {
        var j = i
        while j < chars.count, isIdentPart(chars[j]) || (chars[j] == "." && j + 1 < chars.count && isIdentStart(chars[j + 1])) {
          j += 1
        }
        tokens.append(Token(kind: .identifier(String(String.UnicodeScalarView(chars[i..<j]))), column: column))
        i = j
        continue
      }
      let two = i + 1 < chars.count ? String(String.UnicodeScalarView(chars[i...i + 1])) : ""
      if symbols.contains(two) {
        tokens.append(Token(kind: .symbol(two), column: column))
        i += 2
      } else if symbols.contains(String(c)) {
        tokens.append(Token(kind: .symbol(String(c)), column: column))
        i += 1
      } else {
        throw ExpressionError(column: column, message: "unexpected character '\(c)'")
      }
    }
    tokens.append(Token(kind: .end, column: chars.count + 1))
    return tokens
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String { String(self.filter { $0 != "_" }) }
}
