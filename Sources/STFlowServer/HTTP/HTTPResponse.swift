import Foundation
import STFlowRules

/// A response: status, headers, body. Header values never carry a line break (no header injection).
public struct HTTPResponse: Sendable {
  public var status: Int
  public private(set) var headers: [(String, String)] = []
  public var body: [UInt8]

  public init(status: Int, body: [UInt8] = [], contentType: String? = nil) {
    self.status = status
    self.body = body
    if let contentType { header("Content-Type", contentType) }
  }

  /// Adds a header; line breaks and other control characters in the value are dropped.
  public mutating func header(_ name: String, _ value: String) {
    headers.append((name, String(value.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 }.map(Character.init))))
  }

  public static func json(_ value: JSON, status: Int = 200) -> HTTPResponse {
    HTTPResponse(status: status, body: Array((value.prettyText + "\n").utf8), contentType: "application/json; charset=utf-8")
  }

  /// JSON already written as text (a command's output).
  public static func jsonText(_ text: String, status: Int = 200) -> HTTPResponse {
    HTTPResponse(status: status, body: Array(text.utf8), contentType: "application/json; charset=utf-8")
  }

  /// The error shape the command line prints with `--json`: `{"error": {"rule", "message", "values"}}`.
  public static func error(_ status: Int, rule: String, _ message: String, values: [(String, String)] = []) -> HTTPResponse {
    var error: [(String, JSON)] = [("rule", .string(rule)), ("message", .string(message))]
    if !values.isEmpty { error.append(("values", .object(values.map { ($0.0, .string($0.1)) }))) }
    return json(.object([("error", .object(error))]), status: status)
  }

  public static func html(_ text: String, status: Int = 200) -> HTTPResponse {
    HTTPResponse(status: status, body: Array(text.utf8), contentType: "text/html; charset=utf-8")
  }
}
