import Foundation
import STFlowCLI
import STFlowRules

/// What a route receives: its path parameters, the query, the JSON body and the headers that matter.
public struct RouteInput: Sendable {
  public var params: [String: String]
  public var query: @Sendable (String) -> String?
  public var body: JSON
  /// `If-Match` as a task version (`"v3"` or `3`).
  public var expectedVersion: String?
  /// `Idempotency-Key`: the command's request id.
  public var requestId: String?
  /// The body as sent (an uploaded definition or calendar).
  public var raw: [UInt8] = []

  /// Writes the body to a new private file named `name` for a command that reads a file (the command's
  /// `temporaryFiles`, removed once it has run).
  public func upload(named name: String) throws -> String { try Self.privateFile(named: name, contents: raw) }

  /// `contents` in a new file `name`, alone in a new folder only this user may read.
  static func privateFile(named name: String, contents raw: [UInt8]) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-upload-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    let file = folder.appendingPathComponent(name).path
    guard FileManager.default.createFile(atPath: file, contents: Data(raw), attributes: [.posixPermissions: 0o600]) else {
      throw APIError.badBody("the upload could not be stored")
    }
    return file
  }

  /// A body property as text (numbers and booleans written as the command line would).
  public func text(_ name: String) -> String? { RouteInput.text(body[name]) }

  static func text(_ v: JSON?) -> String? {
    switch v {
    case .string(let s)?: return s
    case .integer(let i)?: return String(i)
    case .bool(let b)?: return b ? "true" : "false"
    case .null?: return ""
    case nil: return nil
    default: return v?.compactText
    }
  }

  /// The body's `fields` object as FIELD=VALUE arguments (null clears a field).
  public func assignments() throws -> [String] {
    guard let fields = body["fields"] else { return [] }
    guard case .object(let pairs) = fields else { throw APIError.badBody("'fields' must be an object of field names to values") }
    return pairs.map { "\($0.0)=\(RouteInput.text($0.1) ?? "")" }
  }

  /// A required body property.
  public func require(_ name: String) throws -> String {
    guard let v = text(name), !v.isEmpty else { throw APIError.badBody("the body needs '\(name)'") }
    return v
  }
}

/// A malformed request the route itself refuses (400).
public enum APIError: Error, Sendable {
  case badBody(String)
}

/// One route of the JSON API: a method and a path pattern (`{key}` segments are parameters) mapped to one
/// command of the command line. The OpenAPI document is generated from these, so the two cannot drift.
public struct APIRoute: Sendable {
  public let method: String
  public let pattern: [String]
  public let summary: String
  /// The command this route runs (its `stflow` words).
  public let command: [String]
  /// Query parameters, each passed as the command's option of the same name (`within` → `--within`).
  public let query: [String]
  /// Query flags (`overdue` → `--overdue` when `true`).
  public let queryFlags: [String]
  /// Body properties documented for the route.
  public let body: [String]
  /// Only staff roles may use it (reports, the audit, hooks, people).
  public let staffOnly: Bool
  /// The status of a success (201 for a creation).
  public let successStatus: Int
  /// The body is a file (a spreadsheet), not a JSON object.
  public let takesFile: Bool
  let build: @Sendable (RouteInput) throws -> ServedCommand

  public init(
    _ method: String, _ path: String, _ summary: String, command: [String], query: [String] = [], queryFlags: [String] = [],
    body: [String] = [], staffOnly: Bool = false, successStatus: Int = 200, takesFile: Bool = false,
    build: @escaping @Sendable (RouteInput) throws -> ServedCommand
  ) {
    self.takesFile = takesFile
    self.method = method
    self.pattern = path.split(separator: "/").map(String.init)
    self.summary = summary
    self.command = command
    self.query = query
    self.queryFlags = queryFlags
    self.body = body
    self.staffOnly = staffOnly
    self.successStatus = successStatus
    self.build = build
  }

  /// The path as OpenAPI writes it.
  public var path: String { "/" + pattern.joined(separator: "/") }

  /// The path parameters when `segments` match the pattern.
  func match(_ segments: [String]) -> [String: String]? {
    guard segments.count == pattern.count else { return nil }
    var params: [String: String] = [:]
    for (p, s) in zip(pattern, segments) {
      if p.hasPrefix("{") {
        params[String(p.dropFirst().dropLast())] = s
      } else if p != s {
        return nil
      }
    }
    return params
  }

  /// The command with the route's query options and flags added.
  func command(for input: RouteInput) throws -> ServedCommand {
    var c = try build(input)
    for q in query { if let v = input.query(q) { c.options.append(("--" + q, v)) } }
    for f in queryFlags where input.query(f) == "true" || input.query(f) == "1" { c.flags.append("--" + f) }
    return c
  }
}
