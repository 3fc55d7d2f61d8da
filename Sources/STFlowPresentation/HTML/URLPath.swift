/// Addresses of pages, built from segments that are percent-encoded (a task key can hold any character).
public enum URLPath {
  /// `/seg/seg/…` with each segment percent-encoded.
  public static func make(_ segments: String...) -> String { make(segments) }

  public static func make(_ segments: [String]) -> String { "/" + segments.map(encode).joined(separator: "/") }

  /// Percent-encodes everything but unreserved characters (RFC 3986).
  public static func encode(_ segment: String) -> String {
    var out = ""
    for b in segment.utf8 {
      switch b {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
        out.unicodeScalars.append(Unicode.Scalar(b))
      default:
        out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
      }
    }
    return out
  }

  /// A query string `?a=1&b=2` from the pairs with a value.
  public static func query(_ pairs: [(String, String?)]) -> String {
    let parts = pairs.compactMap { k, v in v.flatMap { $0.isEmpty ? nil : encode(k) + "=" + encode($0) } }
    return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
  }
}

extension String {
  fileprivate func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
