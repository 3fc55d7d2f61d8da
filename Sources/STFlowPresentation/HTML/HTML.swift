/// A piece of markup. Literal text written in code is trusted; every `String` interpolated into it is
/// escaped (`&`, `<`, `>`, `"`, `'`), so a value can never become markup — in text or in a quoted attribute:
///
///     let row: HTML = "<td title=\"\(task.title)\">\(task.title)</td>"
///
/// Markup built elsewhere is interpolated as it is (`\(otherHTML)`), lists of it joined (`\(rows)`).
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
  public private(set) var markup: String

  /// Markup from a trusted source (an embedded asset, an SVG drawn here).
  public init(trusted markup: String) { self.markup = markup }

  public init(stringLiteral value: String) { markup = value }

  public init(stringInterpolation: StringInterpolation) { markup = stringInterpolation.markup }

  public var description: String { markup }

  public static let empty = HTML(trusted: "")

  public static func + (a: HTML, b: HTML) -> HTML { HTML(trusted: a.markup + b.markup) }

  public static func += (a: inout HTML, b: HTML) { a.markup += b.markup }

  /// `value` as text: the five characters that could open markup or close an attribute are escaped.
  public static func escape(_ value: String) -> String {
    // Most values hold none of the five characters (all ASCII, so one byte each in UTF-8): given back as they are.
    let special = value.utf8.contains { b in
      b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
    }
    if !special { return value }
    var out = ""
    out.reserveCapacity(value.utf8.count)
    for c in value.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  public struct StringInterpolation: StringInterpolationProtocol {
    var markup = ""

    public init(literalCapacity: Int, interpolationCount: Int) { markup.reserveCapacity(literalCapacity + 16 * interpolationCount) }

    public mutating func appendLiteral(_ literal: String) { markup += literal }

    /// Text: escaped.
    public mutating func appendInterpolation(_ text: String) { markup += HTML.escape(text) }

    /// Text from a substring: escaped.
    public mutating func appendInterpolation(_ text: Substring) { markup += HTML.escape(String(text)) }

    public mutating func appendInterpolation(_ number: Int) { markup += String(number) }

    /// Markup: as it is.
    public mutating func appendInterpolation(_ html: HTML) { markup += html.markup }

    /// A list of markup, one after the other.
    public mutating func appendInterpolation(_ list: [HTML]) { for h in list { markup += h.markup } }

    /// Markup only when present.
    public mutating func appendInterpolation(_ html: HTML?) { if let html { markup += html.markup } }
  }
}

extension Array where Element == HTML {
  /// The pieces joined by `separator`.
  public func joined(_ separator: HTML = .empty) -> HTML {
    HTML(trusted: map(\.markup).joined(separator: separator.markup))
  }
}
