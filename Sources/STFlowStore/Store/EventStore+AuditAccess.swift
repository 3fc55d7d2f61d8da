import Foundation
import STFlowRules

/// The audit of sign-in: logins, sessions and API tokens against what `@access` records.
extension EventStore {
  func auditAccess() throws -> [String] {
    var problems: [String] = []
    var passwords: [String: (digest: String, at: String)] = [:]
    var sessions: [String: (actor: String, at: String, expires: String, address: String)] = [:]
    var tokens: [Int64: (hash: String, name: String, actor: String, at: String, revoked: String?)] = [:]
    for change in try registryChanges(Self.accessRegistryKey) {
      guard let json = change.json else { continue }
      let text = { (k: String) in json[k]?.stringValue ?? "" }
      switch change.kind {
      case "password.set": passwords[text("actor")] = (text("sha256"), change.recordedAt)
      case "signin": sessions[text("session")] = (text("actor"), change.recordedAt, text("expiresAt"), text("address"))
      case "signout": sessions.removeValue(forKey: text("session"))
      case "signout.all": sessions = sessions.filter { $0.value.actor != text("actor") }
      case "token.created":
        if case .integer(let id)? = json["id"] { tokens[id] = (text("hash"), text("name"), text("actor"), change.recordedAt, nil) }
      case "token.revoked":
        if case .integer(let id)? = json["id"] { tokens[id]?.revoked = change.recordedAt }
      default: break
      }
    }
    for row in try connection.query("SELECT actor, hash, set_at FROM logins ORDER BY actor") {
      let name = row[0].text ?? ""
      guard let recorded = passwords.removeValue(forKey: name) else {
        report(&problems, "login of \(name): no password change in the log set it (inserted by hand)")
        continue
      }
      if recorded.digest != SHA256.hex(row[1].text ?? "") || recorded.at != row[2].text {
        report(&problems, "login of \(name): its password hash is not the one the log recorded (replaced by hand)")
      }
    }
    for name in passwords.keys.sorted().prefix(3) { report(&problems, "login of \(name) was recorded but is missing (deleted by hand)") }
    let now = Timestamp.format(self.now())
    for row in try connection.query("SELECT hash, actor, created_at, last_seen_at, expires_at, address FROM sessions ORDER BY hash") {
      let hash = row[0].text ?? ""
      guard let s = sessions.removeValue(forKey: hash) else {
        report(&problems, "a session of \(row[1].text ?? "?") follows from no sign-in in the log, or was signed out (inserted by hand)")
        continue
      }
      let seen = row[3].text ?? ""
      if s.actor != row[1].text || s.at != row[2].text || s.expires != row[4].text || s.address != row[5].text
        || seen < s.at || seen > max(now, s.at)
      {
        report(&problems, "a session of \(s.actor): its person, times or address are not what the sign-in recorded (edited by hand)")
      }
    }
    for s in sessions.values.filter({ $0.expires > now }).prefix(3) {
      report(&problems, "a session of \(s.actor) signed in at \(s.at) is missing without a sign-out (deleted by hand)")
    }
    for row in try connection.query("SELECT id, hash, name, actor, created_at, revoked_at FROM api_tokens ORDER BY id") {
      let id = row[0].integer ?? 0
      guard let t = tokens.removeValue(forKey: id) else {
        report(&problems, "API token #\(id) was never recorded as made (inserted by hand)")
        continue
      }
      if t.hash != row[1].text || t.name != row[2].text || t.actor != row[3].text || t.at != row[4].text || t.revoked != row[5].text {
        report(&problems, "API token #\(id): its secret, name, person or revocation is not what the log recorded (edited by hand)")
      }
    }
    for id in tokens.keys.sorted().prefix(3) { report(&problems, "API token #\(id) was recorded but is missing (deleted by hand)") }
    return problems
  }
}
