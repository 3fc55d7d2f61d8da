import Foundation
import STFlowEngine
import STFlowRules

/// A signed-in session: the secret goes to the browser once; the database keeps only its SHA-256.
public struct SessionGrant: Sendable {
  public let token: String
  public let actor: Actor
  public let expiresAt: Date
}

/// An API token as listed (never its secret).
public struct APITokenInfo: Sendable {
  public let id: Int64
  public let name: String
  public let actor: String
  public let createdAt: String
  public let revokedAt: String?
}

/// Sign-in, sessions and API tokens. Every change is recorded in the hash chain under `@access` (a
/// password change by the digest of its hash; a sign-in, a failed one, a sign-out; a token made or revoked),
/// so the audit answers for the tables and the department can see who signed in when and from where.
extension EventStore {
  /// The chain key under which sign-ins, passwords and tokens are recorded.
  public static let accessRegistryKey = "@access"

  /// A new 256-bit secret (getrandom through SystemRandomNumberGenerator), as 64 hex digits.
  static func newSecret() -> String {
    var rng = SystemRandomNumberGenerator()
    return (0..<4).map { _ in String(format: "%016llx", rng.next() as UInt64) }.joined()
  }

  /// Sets `actor`'s password (the actor themselves, or an admin). Stored only as a yescrypt hash.
  public func setPassword(_ password: String, for name: String, by caller: String?) throws {
    guard password.count >= PasswordHash.minimumLength else {
      throw StoreError.input(
        "a password needs at least \(PasswordHash.minimumLength) characters", vi: "mật khẩu cần ít nhất \(PasswordHash.minimumLength) ký tự"
      )
    }
    let hash = try PasswordHash.make(password)
    try transaction {
      guard try actor(named: name) != nil else {
        throw StoreError.input(
          "unknown actor '\(name)' (see 'stflow actor list')", vi: "không có người dùng '\(name)' (xem 'stflow actor list')")
      }
      if caller != name { try requireAdmin(caller, doing: "set another person's password", vi: "đặt mật khẩu cho người khác") }
      try storePasswordHash(hash, for: name, by: caller ?? name)
    }
  }

  private func storePasswordHash(_ hash: String, for name: String, by caller: String) throws {
    let at = try appendRegistryEvent(
      key: Self.accessRegistryKey, kind: "password.set",
      payload: .object([("actor", .string(name)), ("sha256", .string(SHA256.hex(hash)))]), by: caller)
    try connection.query(
      "INSERT INTO logins(actor, hash, set_at) VALUES(?, ?, ?) ON CONFLICT(actor) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at",
      [.text(name), .text(hash), .text(Timestamp.format(at))])
  }

  /// Signs `user` in from `address`: a new session, or `AccessError` (wrong credentials, throttled).
  /// Failed attempts are recorded and counted per user and per address.
  public func signIn(user rawUser: String, password: String, address: String, policy: AccessPolicy = AccessPolicy()) throws
    -> SessionGrant
  {
    let (user, actor, stored) = try checkCredentials(user: rawUser, password: password, address: address, policy: policy)
    let address = String(address.prefix(64))
    let now = self.now()
    let rehashed = PasswordHash.needsRehash(stored) ? try PasswordHash.make(password) : nil
    let token = Self.newSecret()
    let hash = SHA256.hex(token)
    let expires = now.addingTimeInterval(policy.absolute)
    try transaction {
      if let rehashed { try storePasswordHash(rehashed, for: user, by: Actor.system.name) }
      try connection.query("DELETE FROM sessions WHERE expires_at <= ?", [.text(Timestamp.format(now))])
      let at = try appendRegistryEvent(
        key: Self.accessRegistryKey, kind: "signin",
        payload: .object([
          ("actor", .string(user)), ("address", .string(address)), ("session", .string(hash)),
          ("expiresAt", .string(Timestamp.format(expires))),
        ]), by: user, at: now)
      try connection.query(
        "INSERT INTO sessions(hash, actor, created_at, last_seen_at, expires_at, address) VALUES(?, ?, ?, ?, ?, ?)",
        [
          .text(hash), .text(user), .text(Timestamp.format(at)), .text(Timestamp.format(at)), .text(Timestamp.format(expires)),
          .text(address),
        ])
    }
    return SessionGrant(token: token, actor: actor, expiresAt: expires)
  }

  /// Checks `password` for `user` from `address` (throttled; a failure recorded): the user's login id, the
  /// person and the stored hash, or `AccessError`.
  func checkCredentials(user rawUser: String, password: String, address rawAddress: String, policy: AccessPolicy) throws -> (
    String, Actor, String
  ) {
    let user = String(rawUser.precomposedStringWithCanonicalMapping.prefix(200))
    let address = String(rawAddress.prefix(64))
    let now = self.now()
    let since = Timestamp.format(now.addingTimeInterval(-policy.window))
    let (failedForUser, failedFromAddress, oldest) = try failures(user: user, address: address, since: since)
    if failedForUser >= policy.perUser || failedFromAddress >= policy.perAddress {
      let retry = max(
        1, Int(((oldest.flatMap(Timestamp.parseStored) ?? now).addingTimeInterval(policy.window)).timeIntervalSince(now).rounded(.up)))
      throw AccessError.throttled(retryAfter: retry)
    }
    let stored = try connection.scalar("SELECT hash FROM logins WHERE actor = ?", [.text(user)])?.text
    // A user without a login costs the same time as a wrong password (no user enumeration by timing).
    let ok = PasswordHash.verify(password, against: stored ?? Self.decoyHash)
    guard ok, let stored, let actor = try actor(named: user) else {
      _ = try transaction {
        try appendRegistryEvent(
          key: Self.accessRegistryKey, kind: "signin.failed", payload: .object([("user", .string(user)), ("address", .string(address))]),
          by: Actor.system.name)
      }
      throw AccessError.invalidCredentials
    }
    return (user, actor, stored)
  }

  /// Changes the signed-in person's own password: the current one is checked first (throttled like a sign-in).
  public func changePassword(user: String, current: String, new: String, address: String, policy: AccessPolicy = AccessPolicy()) throws {
    let (name, _, _) = try checkCredentials(user: user, password: current, address: address, policy: policy)
    try setPassword(new, for: name, by: name)
  }

  /// A hash that matches no password, verified when the user has no login.
  static let decoyHash = (try? PasswordHash.make(newSecret())) ?? "$y$j9T$decoy$"

  private func failures(user: String, address: String, since: String) throws -> (Int, Int, String?) {
    let (userOf, addressOf) = (connection.dialect.jsonText("payload", "user"), connection.dialect.jsonText("payload", "address"))
    let row = try connection.query(
      """
      SELECT SUM(CASE WHEN \(userOf) = ? THEN 1 ELSE 0 END), SUM(CASE WHEN \(addressOf) = ? THEN 1 ELSE 0 END),
        MIN(CASE WHEN \(userOf) = ? OR \(addressOf) = ? THEN recorded_at END)
      FROM events WHERE task_key = ? AND kind = 'signin.failed' AND recorded_at > ?
      """, [.text(user), .text(address), .text(user), .text(address), .text(Self.accessRegistryKey), .text(since)]
    ).first
    return (Int(row?[0].integer ?? 0), Int(row?[1].integer ?? 0), row?[2].text)
  }

  /// The actor a session token stands for, if the session is alive (neither idle too long nor past its end).
  /// Marks it used (at most once a minute, so reading pages does not write on every request).
  public func sessionActor(token: String, policy: AccessPolicy = AccessPolicy()) throws -> Actor? {
    guard token.count == 64 else { return nil }
    let hash = SHA256.hex(token)
    guard let row = try connection.query("SELECT actor, last_seen_at, expires_at FROM sessions WHERE hash = ?", [.text(hash)]).first,
      let seen = row[1].text.flatMap(Timestamp.parseStored), let expires = row[2].text.flatMap(Timestamp.parseStored)
    else { return nil }
    let now = self.now()
    guard now < expires, now.timeIntervalSince(seen) < policy.idle else { return nil }
    if now.timeIntervalSince(seen) > 60 {
      _ = try transaction {
        try connection.query("UPDATE sessions SET last_seen_at = ? WHERE hash = ?", [.text(Timestamp.format(now)), .text(hash)])
      }
    }
    return try actor(named: row[0].text ?? "")
  }

  /// Ends one session (sign out).
  public func signOut(token: String) throws {
    let hash = SHA256.hex(token)
    try transaction {
      guard let actor = try connection.scalar("SELECT actor FROM sessions WHERE hash = ?", [.text(hash)])?.text else { return }
      try appendRegistryEvent(key: Self.accessRegistryKey, kind: "signout", payload: .object([("session", .string(hash))]), by: actor)
      try connection.query("DELETE FROM sessions WHERE hash = ?", [.text(hash)])
    }
  }

  /// Ends every session of `name` (sign out everywhere).
  public func signOutEverywhere(_ name: String, by caller: String) throws {
    try transaction {
      if caller != name { try requireAdmin(caller, doing: "sign another person out", vi: "đăng xuất người khác") }
      try appendRegistryEvent(key: Self.accessRegistryKey, kind: "signout.all", payload: .object([("actor", .string(name))]), by: caller)
      try connection.query("DELETE FROM sessions WHERE actor = ?", [.text(name)])
    }
  }

  /// Makes an API token acting as `name` (the actor themselves, or an admin). The secret is returned once.
  public func createToken(name tokenName: String, for name: String, by caller: String?) throws -> (id: Int64, token: String) {
    let tokenName = tokenName.trimmingCharacters(in: .whitespaces)
    guard !tokenName.isEmpty, tokenName.count <= 100,
      !tokenName.contains(where: { $0.isNewline || $0.unicodeScalars.contains { $0.value < 32 } })
    else {
      throw StoreError.input("a token name is one line of 1–100 characters", vi: "tên token là một dòng 1–100 ký tự")
    }
    let token = Self.newSecret()
    let hash = SHA256.hex(token)
    return try transaction {
      guard try actor(named: name) != nil else {
        throw StoreError.input(
          "unknown actor '\(name)' (see 'stflow actor list')", vi: "không có người dùng '\(name)' (xem 'stflow actor list')")
      }
      if caller != name { try requireAdmin(caller, doing: "make a token for another person", vi: "tạo token cho người khác") }
      let id = (try connection.scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM api_tokens")?.integer) ?? 1
      let at = try appendRegistryEvent(
        key: Self.accessRegistryKey, kind: "token.created",
        payload: .object([("id", .integer(id)), ("hash", .string(hash)), ("name", .string(tokenName)), ("actor", .string(name))]),
        by: caller ?? name)
      try connection.query(
        "INSERT INTO api_tokens(id, hash, name, actor, created_at) VALUES(?, ?, ?, ?, ?)",
        [.integer(id), .text(hash), .text(tokenName), .text(name), .text(Timestamp.format(at))])
      return (id, token)
    }
  }

  /// The tokens of `name` (every token when `nil`), newest first.
  public func tokens(of name: String? = nil) throws -> [APITokenInfo] {
    try connection.query(
      "SELECT id, name, actor, created_at, revoked_at FROM api_tokens" + (name == nil ? "" : " WHERE actor = ?") + " ORDER BY id DESC",
      name.map { [.text($0)] } ?? []
    ).map {
      APITokenInfo(
        id: $0[0].integer ?? 0, name: $0[1].text ?? "", actor: $0[2].text ?? "", createdAt: $0[3].text ?? "", revokedAt: $0[4].text)
    }
  }

  /// Revokes a token (its owner, or an admin).
  public func revokeToken(id: Int64, by caller: String?) throws {
    try transaction {
      guard let row = try connection.query("SELECT actor, revoked_at FROM api_tokens WHERE id = ?", [.integer(id)]).first else {
        throw StoreError.input("no token #\(id) (see 'stflow token list')", vi: "không có token số \(id) (xem 'stflow token list')")
      }
      if caller != row[0].text { try requireAdmin(caller, doing: "revoke another person's token", vi: "thu hồi token của người khác") }
      guard row[1].text == nil else { return }
      let at = try appendRegistryEvent(
        key: Self.accessRegistryKey, kind: "token.revoked", payload: .object([("id", .integer(id))]), by: caller ?? "")
      try connection.query("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", [.text(Timestamp.format(at)), .integer(id)])
    }
  }

  /// The actor an API token acts as, unless it was revoked.
  public func tokenActor(token: String) throws -> Actor? {
    guard token.count == 64 else { return nil }
    guard
      let row = try connection.query("SELECT actor FROM api_tokens WHERE hash = ? AND revoked_at IS NULL", [.text(SHA256.hex(token))]).first
    else { return nil }
    return try actor(named: row[0].text ?? "")
  }
}

extension EventStore {
  /// The people who have a password (a login), with when it was set.
  public func logins() throws -> [String: String] {
    Dictionary(
      try connection.query("SELECT actor, set_at FROM logins").map { ($0[0].text ?? "", $0[1].text ?? "") }, uniquingKeysWith: { a, _ in a }
    )
  }
}
