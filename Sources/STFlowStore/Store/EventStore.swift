import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// The durable record: definitions, actors, the hash-chained event log and the task projection, in
/// one SQLite database (WAL, `synchronous=FULL` by default) or on a PostgreSQL server shared by several nodes.
///
/// Every change is one write transaction, exclusive among writers (`BEGIN IMMEDIATE` in SQLite; the chain
/// head's row lock in PostgreSQL), so concurrent processes serialise cleanly and a refused or failed command
/// writes nothing. Not thread-safe: use one store per thread or queue.
public final class EventStore: @unchecked Sendable {
  public let connection: any SQLDatabase
  public let clock: any WallClock
  /// The database file, or the PostgreSQL server's URL without its password.
  public let path: String
  /// Shared by the stores of one process (a server's threads) so their writes queue in process.
  public var writeGate: WriteGate?
  /// The database can be read and verified but not changed (its file or folder is not writable).
  public let isReadOnly: Bool
  /// Compiled definitions by content hash; definitions never change once stored.
  private var engines: [String: Engine] = [:]
  /// Recently read or written task states. An entry is used only when the stored version still
  /// matches, so changes by other processes are always seen.
  var recentTasks: [String: TaskState] = [:]
  static let recentTaskLimit = 1024
  /// The node this store works for (`host/pid`), named in the leases it takes and its heartbeats; set by a
  /// scheduler.
  public var nodeId: String?
  /// Set while ``executeBatch(_:people:progress:)`` runs its transaction; `nil` otherwise.
  var batch: BatchMemo?

  /// How durable a commit is: `full` syncs the WAL on every commit (the default); `normal` may lose
  /// the last commits on power loss but never corrupts.
  public enum Durability: String, Sendable {
    case full = "FULL"
    case normal = "NORMAL"
  }

  /// Whether `location` names a PostgreSQL database (`postgresql://…` or `postgres://…`) rather than a file.
  public static func isServer(_ location: String) -> Bool {
    location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
  }

  /// Opens the store at `location`: a SQLite file's path, or a PostgreSQL URL (`postgresql://user@host/db`).
  public convenience init(location: String, clock: any WallClock = SystemClock(), durability: Durability = .full) throws(StoreError) {
    if Self.isServer(location) {
      try self.init(server: location, clock: clock, durability: durability)
    } else {
      try self.init(path: location, clock: clock, durability: durability)
    }
  }

  /// Refuses a PostgreSQL database that has no STFlow tables yet, without writing to it: every command but `init`
  /// (and the demo, and a copy's target) needs a store that was made first.
  public static func requireInitialised(server url: String) throws(StoreError) {
    do {
      let pg = try PostgresConnection(url: url)
      guard try Schema.version(of: pg) == 0 else { return }
    } catch {
      throw openingError(error)
    }
    let name = PostgresConnection.redacted(url)
    throw StoreError.input(
      "\(name) has no STFlow tables yet: run 'stflow --db \(name) init' first",
      vi: "\(name) chưa có bảng của STFlow: chạy 'stflow --db \(name) init' trước")
  }

  /// Opens (creating its tables when the database is empty) the store on a PostgreSQL server.
  public init(server url: String, clock: any WallClock = SystemClock(), durability: Durability = .full) throws(StoreError) {
    do {
      let pg = try PostgresConnection(url: url)
      connection = pg
      self.clock = clock
      self.path = pg.path
      isReadOnly = false
      try pg.execute("SET synchronous_commit = \(durability == .full ? "on" : "off")")
      try Self.refuseForeign(pg)
      try migrate()
      // Every change of the record moves the chain's head (people, settings and calendars are in the chain too), and
      // what rewrites projections without a change touches it (audit rebuild): a head last changed by the
      // transaction this node last committed means nothing was written since, and its next command may assume
      // what that one read. The lock answers the head, its last writer's id and this transaction's.
      let head = "SELECT seq, hash, xmin::text, pg_current_xact_id()::xid::text FROM chain_head WHERE id = 1"
      pg.writerLock = head + " FOR UPDATE"
      pg.writerStamp = (head + " AND 1 / (xmin::text = ?)::int = 1 FOR UPDATE", "chain_head")
      if try meta(Self.adoptedKey) != Self.adoptedVersion { try adoptUnrecorded() }
    } catch {
      throw Self.openingError(error)
    }
  }

  /// Opens (creating if needed) the SQLite database at `path`.
  public init(path: String, clock: any WallClock = SystemClock(), durability: Durability = .full) throws(StoreError) {
    do {
      let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
      // A new database is the owner's alone (it will hold sign-ins): created 0600 before SQLite opens it, so
      // its -wal and -shm files get the same mode.
      if !FileManager.default.fileExists(atPath: path) {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd >= 0 { close(fd) }
      }
      isReadOnly =
        FileManager.default.fileExists(atPath: path)
        && (access(path, W_OK) != 0 || access(folder.isEmpty ? "." : folder, W_OK) != 0)
      let sqlite = try SQLiteConnection(path: path, immutable: isReadOnly)
      connection = sqlite
      self.clock = clock
      self.path = path
      try sqlite.execute("PRAGMA busy_timeout = 30000")
      try Self.refuseForeign(sqlite)
      if isReadOnly {
        let version = try Schema.version(of: sqlite)
        guard version == Schema.migrations.count else {
          throw StoreError.input(
            "\(path) is read-only and has schema version \(version); this stflow reads version \(Schema.migrations.count): open it writable once to upgrade it",
            vi:
              "\(path) chỉ đọc và có lược đồ phiên bản \(version); bản stflow này đọc phiên bản \(Schema.migrations.count): mở một lần với quyền ghi để nâng cấp"
          )
        }
        return
      }
      let mode = try sqlite.scalar("PRAGMA journal_mode = WAL")?.text
      guard mode?.lowercased() == "wal" else {
        throw DatabaseError(code: 1, message: "could not switch \(path) to WAL (journal_mode is \(mode ?? "unknown"))", sql: nil)
      }
      try sqlite.execute("PRAGMA synchronous = \(durability.rawValue); PRAGMA foreign_keys = ON")
      try migrate()
      if try meta(Self.adoptedKey) != Self.adoptedVersion { try adoptUnrecorded() }
    } catch {
      throw Self.openingError(error)
    }
  }

  /// What went wrong opening a store, as the store says it.
  static func openingError(_ error: any Error) -> StoreError {
    switch error {
    case let e as StoreError: e
    case let e as DatabaseError: .database(e)
    default: .corrupt("\(error)")
    }
  }

  /// A database that is not STFlow's is never written to, not even switched to WAL: a file whose schema
  /// has tables but no STFlow version is refused before anything is done to it.
  static func refuseForeign(_ connection: any SQLDatabase) throws {
    let version = try Schema.version(of: connection)
    let tables = try connection.query(Schema.tableNames(connection.dialect)).compactMap { $0.first?.text }.filter {
      $0 != Schema.versionTable
    }
    let ours = tables.contains("meta") && tables.contains("events") && version > 0
    if !tables.isEmpty && !ours {
      throw StoreError.input(
        "\(connection.path) is not an STFlow database (it holds the tables \(tables.prefix(5).joined(separator: ", "))\(tables.count > 5 ? ", …" : "")); nothing was written to it",
        vi:
          "\(connection.path) không phải cơ sở dữ liệu STFlow (có các bảng \(tables.prefix(5).joined(separator: ", "))\(tables.count > 5 ? ", …" : "")); không ghi gì vào tệp"
      )
    }
  }

  /// The schema version this build writes.
  public static var schemaVersion: Int { Schema.migrations.count }

  private func migrate() throws {
    let current = try Schema.version(of: connection)
    guard current <= Schema.migrations.count else {
      throw StoreError.input(
        "database \(connection.path) has schema version \(current), newer than this stflow understands (\(Schema.migrations.count))",
        vi: "cơ sở dữ liệu \(connection.path) có lược đồ phiên bản \(current), mới hơn bản stflow này hiểu (\(Schema.migrations.count))")
    }
    for (i, sql) in Schema.migrations.enumerated().dropFirst(current) {
      try connection.writeTransaction {
        // Another process may have migrated while we waited for the lock.
        if try Schema.version(of: connection) > i { return }
        try connection.execute(connection.dialect == .sqlite ? sql : Schema.postgresql(sql))
        try Schema.setVersion(i + 1, of: connection)
      }
    }
  }

  /// Runs `body` in one write transaction, translating SQLite errors.
  public func transaction<T>(_ body: () throws -> T) throws -> T { try transaction(prefetching: [], body) }

  /// As ``transaction(_:)``, with `reads` the body will make first answered with the transaction's lock (one round
  /// trip to a PostgreSQL server instead of one each).
  func transaction<T>(prefetching reads: [SQLRead], _ body: () throws -> T) throws -> T {
    if isReadOnly {
      throw StoreError.input(
        "\(connection.path) is read-only: it can be read and verified, but nothing can be changed",
        vi: "\(connection.path) chỉ đọc: có thể đọc và kiểm tra nhưng không thay đổi được")
    }
    do {
      if let writeGate { return try writeGate.run { try connection.writeTransaction(body) } }
      return try connection.writeTransaction(prefetching: reads, body)
    } catch let e as DatabaseError {
      throw StoreError.database(e)
    }
  }

  // MARK: Metadata

  public func meta(_ key: String) throws -> String? {
    try connection.scalar("SELECT value FROM meta WHERE key = ?", [.text(key)])?.text
  }

  public func setMeta(_ key: String, _ value: String) throws {
    try connection.query(
      "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [.text(key), .text(value)])
  }

  func cachedEngine(_ hash: String) -> Engine? { engines[hash] }
  func clearEngineCache() { engines.removeAll() }
  func cache(_ engine: Engine) { engines[engine.definitionHash] = engine }

  /// A millisecond-precision now, so stored and in-memory times agree exactly.
  func now() -> Date { EventStore.truncated(clock.now()) }

  static func truncated(_ d: Date) -> Date { Date(timeIntervalSince1970: (d.timeIntervalSince1970 * 1000).rounded(.down) / 1000) }
}
