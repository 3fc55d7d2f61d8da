import Foundation
import STFlowRules

/// The head of the hash chain signed with a key kept outside the database: filed with the period report,
/// it lets `audit verify --anchor` detect a history that someone who can write the database rewrote and
/// re-hashed, since without the key they cannot sign a new head.
///
/// Text form: `stflow-anchor v1 seq=N hash=HEX at=ISO8601 mac=HEX` (HMAC-SHA-256 over the rest).
public struct ChainAnchor: Sendable, Equatable, CustomStringConvertible {
  public let seq: Int64
  public let hash: String
  public let at: Date
  public let mac: String

  var signedPart: String { "stflow-anchor v1 seq=\(seq) hash=\(hash) at=\(Timestamp.format(at))" }
  public var description: String { "\(signedPart) mac=\(mac)" }

  /// Reads the text form; `nil` when it is not an anchor.
  public init?(text: String) {
    var fields: [String: String] = [:]
    let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
    guard parts.count == 6, parts[0] == "stflow-anchor", parts[1] == "v1" else { return nil }
    for p in parts.dropFirst(2) {
      let kv = p.split(separator: "=", maxSplits: 1)
      guard kv.count == 2 else { return nil }
      fields[String(kv[0])] = String(kv[1])
    }
    guard let seq = fields["seq"].flatMap({ Int64($0) }), seq >= 0, let hash = fields["hash"], hash.count == 64,
      let atText = fields["at"], let at = Timestamp.parseStored(atText), let mac = fields["mac"], mac.count == 64
    else { return nil }
    self.init(seq: seq, hash: hash, at: at, mac: mac)
  }

  init(seq: Int64, hash: String, at: Date, mac: String) {
    self.seq = seq
    self.hash = hash
    self.at = at
    self.mac = mac
  }

  /// Bytes from hexadecimal digits, or `nil` when the text is not an even number of them.
  public static func bytes(hex: String) -> [UInt8]? {
    var out: [UInt8] = []
    var chars = Array(hex.utf8)
    guard chars.count % 2 == 0 else { return nil }
    while !chars.isEmpty {
      guard let b = UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16) else { return nil }
      out.append(b)
      chars.removeFirst(2)
    }
    return out
  }
}

extension EventStore {
  /// A key for anchors must be at least 32 bytes.
  public static let anchorKeyLength = 32

  /// Signs the current head of the chain with `key`.
  public func anchor(key: [UInt8]) throws -> ChainAnchor {
    guard key.count >= Self.anchorKeyLength else {
      throw StoreError.input("the anchor key must be at least 32 bytes", vi: "khóa neo phải dài ít nhất 32 byte")
    }
    return try connection.readTransaction {
      let head = try connection.query("SELECT seq, hash FROM chain_head WHERE id = 1").first
      let seq = head?[0].integer ?? 0
      let hash = head?[1].text ?? EventStore.genesisHash
      let unsigned = ChainAnchor(seq: seq, hash: hash, at: EventStore.truncated(clock.now()), mac: "")
      let mac = HMAC.sha256(key: key, message: Array(unsigned.signedPart.utf8))
      return ChainAnchor(seq: seq, hash: hash, at: unsigned.at, mac: SHA256.hexString(mac))
    }
  }

  /// Problems with `anchor`: not signed by `key`, or the log no longer holds the anchored event with the
  /// anchored hash (history rewritten, even if re-hashed). Empty when the anchor holds.
  public func check(anchor: ChainAnchor, key: [UInt8]) throws -> [String] {
    let expected = HMAC.sha256(key: key, message: Array(anchor.signedPart.utf8))
    guard let given = ChainAnchor.bytes(hex: anchor.mac), HMAC.equal(expected, given) else {
      return ["the anchor's signature does not match this key: it was not made with it, or it was altered"]
    }
    if anchor.seq == 0 { return [] }
    let row = try connection.query("SELECT hash FROM events WHERE seq = ?", [.integer(anchor.seq)]).first
    guard let hash = row?[0].text else {
      return ["event #\(anchor.seq), anchored on \(Timestamp.format(anchor.at)), is no longer in the log: history was removed"]
    }
    if hash != anchor.hash {
      return [
        "event #\(anchor.seq) has hash \(hash.prefix(12))… but was anchored with \(anchor.hash.prefix(12))… on \(Timestamp.format(anchor.at)): the history up to it was rewritten"
      ]
    }
    return []
  }
}
