import Foundation
import STFlowEngine
import STFlowRules

extension EventStore {
  /// The address of a document kept in the database: `stflow:document/<sha256>`.
  public static func documentURI(_ sha256: String) -> String { "stflow:document/" + sha256 }

  /// The SHA-256 of a document kept in the database, from its address.
  public static func keptDigest(_ uri: String) -> String? {
    let prefix = "stflow:document/"
    guard uri.hasPrefix(prefix) else { return nil }
    let digest = String(uri.dropFirst(prefix.count))
    return DocumentRef.isValidDigest(digest) ? digest.lowercased() : nil
  }

  /// Keeps `content` under its SHA-256 (once; the same bytes twice are one row). Call inside the transaction
  /// of the command that refers to it, so a refused command keeps nothing.
  func keepDocument(_ content: [UInt8]) throws -> String {
    let digest = SHA256.hex(content)
    try connection.query("INSERT INTO documents (sha256, content) VALUES (?, ?) ON CONFLICT DO NOTHING", [.text(digest), .blob(content)])
    return digest
  }

  /// A kept document's bytes, checked against their SHA-256 on every read: `nil` when there is none, an error
  /// when the stored bytes are not the ones recorded.
  public func document(sha256: String) throws -> [UInt8]? {
    guard let row = try connection.query("SELECT content FROM documents WHERE sha256 = ?", [.text(sha256.lowercased())]).first else {
      return nil
    }
    let content = row[0].blob ?? Array((row[0].text ?? "").utf8)
    guard SHA256.hex(content) == sha256.lowercased() else {
      throw StoreError.corrupt("document \(sha256.prefix(16))… does not match its SHA-256")
    }
    return content
  }

  /// Every kept document matches its digest and is referred to by an event (an attachment or a paper ballot's
  /// scan); every document an event refers to is kept.
  func auditDocuments() throws -> [String] {
    var problems: [String] = []
    var kept = Set<String>()
    for row in try connection.query("SELECT sha256, content FROM documents") {
      let digest = row[0].text ?? ""
      kept.insert(digest)
      let content = row[1].blob ?? Array((row[1].text ?? "").utf8)
      if SHA256.hex(content) != digest { problems.append("document \(digest.prefix(16))…: its content does not match its SHA-256") }
    }
    var referred = Set<String>()
    for row in try connection.query("SELECT seq, payload FROM events WHERE kind IN ('document.attached', 'council.ballot')") {
      guard let payload = try? JSONParser.parse(row[1].text ?? "") else { continue }
      let ref = payload["document"] ?? payload["ballot"]?["scan"]
      guard let uri = ref?["uri"]?.stringValue, let digest = Self.keptDigest(uri) else { continue }
      referred.insert(digest)
      if ref?["sha256"]?.stringValue?.lowercased() != digest {
        problems.append("event #\(row[0].integer ?? 0): the document's address and its SHA-256 differ")
      }
      if !kept.contains(digest) { problems.append("event #\(row[0].integer ?? 0): document \(digest.prefix(16))… is missing") }
    }
    for d in kept.subtracting(referred).sorted() { problems.append("document \(d.prefix(16))… is kept but no event refers to it") }
    return problems
  }
}
