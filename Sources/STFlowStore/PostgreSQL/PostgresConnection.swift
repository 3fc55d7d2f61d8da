import CPostgres
import Foundation

/// One connection to a PostgreSQL server through libpq, with the store's `?` statements prepared once each.
///
/// Values travel as text, blobs as binary `bytea`; result columns are read back by their type (integers,
/// booleans and whole numerics as integers, `bytea` as bytes, the rest as text).
///
/// `@unchecked Sendable`: a connection is used by one thread at a time, which is what libpq requires.
public final class PostgresConnection: SQLDatabase, @unchecked Sendable {
  let handle: OpaquePointer
  /// Prepared statements by the SQL the store wrote: the server-side name, the number of parameters and the table
  /// the statement writes to (`nil` for a read).
  private var prepared: [String: Prepared] = [:]
  private typealias Prepared = (name: String, parameters: Int, writes: String?)
  /// The row the writer lock read at the start of this transaction, as the transaction has set it since.
  private var lockedRow: [SQLValue]?
  /// The writes sent in pipeline mode and not yet answered (see ``run(_:_:)``).
  private var pipelined: [String] = []
  /// Answers read with this transaction's lock, each given once to the identical query, until the first write.
  private var prefetched: [(read: SQLRead, rows: [[SQLValue]])] = []
  /// Taken first in every write transaction, so writers follow one another as SQLite's do.
  var writerLock = "SELECT pg_advisory_xact_lock(\(PostgresConnection.migrationLockKey))"
  /// Set when ``writerLock``'s row is stamped, which lets a node's next transaction assume what its last one read
  /// (see ``writeTransaction(prefetching:_:)``): the lock's answer then ends with two more columns, the row's stamp
  /// (the id of the transaction that last wrote it, `xmin`) and the id of the transaction taking the lock — the
  /// stamp it leaves if it writes `table`, the lock's table. `guarded` takes the lock as ``writerLock`` does, and
  /// fails unless the row's stamp is the one given as its argument.
  var writerStamp: (guarded: String, table: String)?
  /// What this connection's last transaction with prefetched reads left, while this connection has written nothing
  /// else: the lock's row and its stamp as it committed them, and the answers those reads would give now.
  private var known: Known?
  private typealias Known = (lockRow: [SQLValue], stamp: SQLValue, answers: [SQLRead: [[SQLValue]]])
  /// The open transaction's lock's stamp as it was taken and the transaction's own id (see ``writerStamp``).
  private var lockStamp: (taken: SQLValue, own: SQLValue)?
  /// The answers to the open transaction's prefetched reads, as it began.
  private var beganWith: [SQLRead: [[SQLValue]]] = [:]
  /// The words of each read kept in ``known`` (see ``tables(readBy:)``).
  private var readWords: [String: Set<String>] = [:]
  /// The tables the open transaction has written to (`*`: any).
  private var written: Set<String> = []
  /// Set when the open transaction's guarded lock failed: something was written since ``known``.
  private var guardFailed = false
  public let path: String
  public var dialect: SQLDialect { .postgresql }
  public private(set) var changes = 0
  /// How many times this connection has waited for the server (for tests and the benchmark).
  public private(set) var roundTrips = 0

  /// The advisory lock that serialises the schema's migrations between nodes starting together.
  static let migrationLockKey: Int64 = 0x5354_466C_6F77

  /// Connects to `url` (`postgresql://user@host/db`, or any libpq connection string).
  public init(url: String) throws(DatabaseError) {
    path = Self.redacted(url)
    guard let conn = PQconnectdb(url) else { throw DatabaseError(state: nil, message: "libpq could not allocate a connection", sql: nil) }
    guard PQstatus(conn) == CONNECTION_OK else {
      let message = String(cString: PQerrorMessage(conn)).trimmingCharacters(in: .whitespacesAndNewlines)
      PQfinish(conn)
      throw DatabaseError(state: "08001", message: "cannot connect to \(path): \(message)", sql: nil)
    }
    handle = conn
    // The server's notices ("relation already exists, skipping") are not the user's business.
    PQsetNoticeProcessor(conn, { _, _ in }, nil)
    guard PQsetClientEncoding(conn, "UTF8") == 0 else {
      PQfinish(conn)
      throw DatabaseError(state: nil, message: "\(path) cannot speak UTF-8", sql: nil)
    }
    try execute("SET TIME ZONE 'UTC'")
  }

  deinit { PQfinish(handle) }

  /// `url` without its password, for messages and hooks' environment.
  public static func redacted(_ url: String) -> String {
    guard var parts = URLComponents(string: url), parts.password != nil else { return url }
    parts.password = "***"
    return parts.string ?? url
  }

  private func failure(_ result: OpaquePointer?, sql: String?) -> DatabaseError {
    let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
    let raw = result.map { String(cString: PQresultErrorMessage($0)) } ?? ""
    let message = (raw.isEmpty ? String(cString: PQerrorMessage(handle)) : raw).trimmingCharacters(in: .whitespacesAndNewlines)
    return DatabaseError(state: state, message: message.replacingOccurrences(of: "ERROR:  ", with: ""), sql: sql)
  }

  /// Runs `sql` (any number of statements without arguments) and returns its last result, checked.
  private func checked(_ result: OpaquePointer?, sql: String) throws(DatabaseError) -> OpaquePointer {
    guard let result else { throw failure(nil, sql: sql) }
    let status = PQresultStatus(result)
    guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
      let e = failure(result, sql: sql)
      PQclear(result)
      throw e
    }
    changes = Int(String(cString: PQcmdTuples(result))) ?? 0
    return result
  }

  public func execute(_ sql: String) throws(DatabaseError) {
    // Statements outside a transaction may write anything; inside one, what they write is noted.
    if !inTransaction {
      known = nil
    } else if let table = Self.writtenTable(sql) {
      written.insert(table)
    }
    prefetched.removeAll()
    try flush()
    roundTrips += 1
    PQclear(try checked(PQexec(handle, sql), sql: sql))
  }

  /// `sql` with its `?` placeholders numbered `$1`, `$2`, … (a `?` inside quotes is left alone).
  static func numbered(_ sql: String) -> (sql: String, parameters: Int) {
    var out = ""
    var n = 0
    var quote: Character?
    for c in sql {
      if let q = quote {
        if c == q { quote = nil }
        out.append(c)
      } else if c == "'" || c == "\"" {
        quote = c
        out.append(c)
      } else if c == "?" {
        n += 1
        out += "$\(n)"
      } else {
        out.append(c)
      }
    }
    return (out, n)
  }

  private func statement(_ sql: String) throws(DatabaseError) -> Prepared {
    if let s = prepared[sql] { return s }
    try flush()
    let (text, count) = Self.numbered(sql)
    let name = "stflow_\(prepared.count + 1)"
    roundTrips += 1
    PQclear(try checked(PQprepare(handle, name, text, Int32(count), nil), sql: sql))
    let s = (name, count, Self.writtenTable(sql))
    prepared[sql] = s
    return s
  }

  /// The table a statement writes to — `INSERT INTO t`, `UPDATE t`, `DELETE FROM t` — `*` for one that may write
  /// to any (`WITH …`, several statements), `nil` for a read.
  static func writtenTable(_ sql: String) -> String? {
    if let end = sql.firstIndex(of: ";"), sql[sql.index(after: end)...].contains(where: { !$0.isWhitespace }) { return "*" }
    let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "(" }).prefix(3).map { $0.uppercased() }
    switch words.first {
    case "INSERT", "DELETE": return words.count > 2 ? words[2].lowercased() : "*"
    case "UPDATE": return words.count > 1 ? words[1].lowercased() : "*"
    case "WITH", "MERGE", "TRUNCATE", "COPY", "ALTER", "DROP", "CREATE": return "*"
    default: return nil
    }
  }

  /// Notes a statement about to run: inside a transaction, the table it writes; outside, a write forgets ``known``.
  private func noting(_ s: Prepared) {
    guard let table = s.writes else { return }
    if inTransaction { written.insert(table) } else { known = nil }
  }

  /// Runs the prepared `sql` with `arguments`; the caller clears the result.
  private func perform(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) -> OpaquePointer {
    try flush()
    try reconnectIfDropped()
    let s = try statement(sql)
    noting(s)
    roundTrips += 1
    let result = try Self.withParameters(arguments, of: s, sql: sql) { values, lengths, formats in
      PQexecPrepared(handle, s.name, Int32(arguments.count), values, lengths, formats, 0)
    }
    return try checked(result, sql: sql)
  }

  /// Calls `body` with the arguments as libpq takes them: a pointer to each value (C text, or raw bytes for a blob;
  /// null for NULL), their lengths and formats (0 text, 1 binary). The values are laid out in one buffer, alive
  /// until `body` returns.
  private static func withParameters<R>(
    _ arguments: [SQLValue], of s: Prepared, sql: String,
    _ body: ([UnsafePointer<CChar>?], [Int32], [Int32]) -> R
  ) throws(DatabaseError) -> R {
    guard s.parameters == arguments.count else {
      throw DatabaseError(state: "08P01", message: "\(arguments.count) values for \(s.parameters) parameters", sql: sql)
    }
    var bytes: [UInt8] = []
    var offsets: [Int] = []
    var lengths: [Int32] = []
    var formats: [Int32] = []
    offsets.reserveCapacity(arguments.count)
    lengths.reserveCapacity(arguments.count)
    formats.reserveCapacity(arguments.count)
    for v in arguments {
      let start = bytes.count
      switch v {
      case .null:
        offsets.append(-1)
        lengths.append(0)
        formats.append(0)
        continue
      case .integer(let i): bytes.append(contentsOf: String(i).utf8)
      case .real(let d): bytes.append(contentsOf: "\(d)".utf8)
      case .text(let t): bytes.append(contentsOf: t.utf8)
      case .blob(let b): bytes.append(contentsOf: b)
      }
      offsets.append(start)
      lengths.append(Int32(bytes.count - start))
      if case .blob = v {
        formats.append(1)
      } else {
        formats.append(0)
        bytes.append(0)
      }
    }
    bytes.append(0)  // never empty, so the buffer has an address
    return bytes.withUnsafeBufferPointer { buffer in
      let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
      return body(offsets.map { $0 < 0 ? nil : base + $0 }, lengths, formats)
    }
  }

  private func rows(_ result: OpaquePointer, _ body: ([SQLValue]) throws -> Void) rethrows {
    let count = PQntuples(result)
    let columns = PQnfields(result)
    let types = (0..<columns).map { PQftype(result, $0) }
    for r in 0..<count {
      var row: [SQLValue] = []
      row.reserveCapacity(Int(columns))
      for c in 0..<columns {
        if PQgetisnull(result, r, c) != 0 {
          row.append(.null)
          continue
        }
        row.append(Self.value(PQgetvalue(result, r, c), type: types[Int(c)]))
      }
      try body(row)
    }
  }

  /// One column's text as a value of its type (PostgreSQL type OIDs: int2 21, int4 23, int8 20, bool 16,
  /// float4 700, float8 701, numeric 1700, bytea 17 — its text unescaped by libpq).
  static func value(_ p: UnsafeMutablePointer<CChar>?, type: Oid) -> SQLValue {
    guard let p else { return .null }
    if type == 17 {
      var count = 0
      guard let bytes = p.withMemoryRebound(to: UInt8.self, capacity: 1, { PQunescapeBytea($0, &count) }) else { return .null }
      defer { PQfreemem(bytes) }
      return .blob(Array(UnsafeBufferPointer(start: bytes, count: count)))
    }
    let text = String(cString: p)
    switch type {
    case 20, 21, 23: return Int64(text).map { .integer($0) } ?? .text(text)
    case 16: return .integer(text == "t" ? 1 : 0)
    case 700, 701: return Double(text).map { .real($0) } ?? .text(text)
    case 1700: return Int64(text).map { .integer($0) } ?? Double(text).map { .real($0) } ?? .text(text)
    default: return .text(text)
    }
  }

  @discardableResult
  public func query(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) -> [[SQLValue]] {
    if let answer = takePrefetched(sql, arguments) { return answer }
    let result = try perform(sql, arguments)
    defer { PQclear(result) }
    var out: [[SQLValue]] = []
    rows(result) { out.append($0) }
    return out
  }

  public func scalar(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) -> SQLValue? {
    try query(sql, arguments).first?.first
  }

  public func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: ([SQLValue]) throws -> Void) throws {
    if let answer = takePrefetched(sql, arguments) { return try answer.forEach(body) }
    let result = try perform(sql, arguments)
    defer { PQclear(result) }
    try rows(result, body)
  }

  /// Inside a transaction, a write whose answer nobody reads is sent without waiting for it (libpq's pipeline
  /// mode): the writes of a command travel together and are answered at the next read or at the commit, which
  /// fails — and rolls back — if any of them failed. Outside a transaction it runs at once.
  public func run(_ sql: String, _ arguments: [SQLValue]) throws(DatabaseError) {
    prefetched.removeAll()
    guard inTransaction else {
      PQclear(try perform(sql, arguments))
      return
    }
    let s = try statement(sql)
    noting(s)
    if pipelined.isEmpty, PQenterPipelineMode(handle) != 1 { throw failure(nil, sql: sql) }
    do {
      try send(s, arguments, sql: sql)
    } catch {
      _ = try? flush()
      throw error
    }
    pipelined.append(sql)
  }

  /// Sends the prepared `s` with `arguments` in pipeline mode, without waiting for its answer.
  private func send(_ s: Prepared, _ arguments: [SQLValue], sql: String) throws(DatabaseError) {
    let sent = try Self.withParameters(arguments, of: s, sql: sql) { values, lengths, formats in
      PQsendQueryPrepared(handle, s.name, Int32(arguments.count), values, lengths, formats, 0)
    }
    guard sent == 1 else { throw failure(nil, sql: sql) }
  }

  /// Sends `sql` (BEGIN, the lock, COMMIT: prepared by ``prepareTransaction(_:lock:)``), without arguments, in
  /// pipeline mode. Preparing them matters: the server parses and plans an unprepared statement every time, which
  /// cost more than the rest of a command's statements together.
  private func send(_ sql: String) throws(DatabaseError) {
    guard let s = prepared[sql] else {
      guard PQsendQueryParams(handle, sql, 0, nil, nil, nil, nil, 0) == 1 else { throw failure(nil, sql: sql) }
      return
    }
    try send(s, [], sql: sql)
  }

  /// Prepares, before a transaction's pipeline starts, the statements ``send(_:)`` sends in it.
  private func prepareTransaction(_ begin: String, lock: String?) throws(DatabaseError) {
    for sql in [begin, "COMMIT"] + (lock.map { [$0] } ?? []) where prepared[sql] == nil { _ = try statement(sql) }
  }

  /// Reads the answers to the statements sent in pipeline mode and leaves it; throws the first failure among them.
  private func flush() throws(DatabaseError) {
    guard !pipelined.isEmpty else { return }
    let sent = pipelined
    pipelined = []
    defer { PQexitPipelineMode(handle) }
    try readPipeline(sent) { _, _ in }
  }

  /// Ends the pipeline of `sent` statements and reads their answers in order, handing each statement's rows to
  /// `each` with its index; throws the first failure among them.
  private func readPipeline(_ sent: [String], _ each: (Int, OpaquePointer) -> Void) throws(DatabaseError) {
    guard PQpipelineSync(handle) == 1 else { throw failure(nil, sql: sent.first) }
    roundTrips += 1
    var firstError: DatabaseError?
    var index = 0
    while true {
      guard let r = PQgetResult(handle) else {
        // The end of one statement's results; more of them than statements means the connection is gone.
        index += 1
        if index > sent.count + 1 || PQstatus(handle) != CONNECTION_OK { throw firstError ?? failure(nil, sql: sent.last) }
        continue
      }
      let status = PQresultStatus(r)
      if status == PGRES_PIPELINE_SYNC {
        PQclear(r)
        break
      }
      if status == PGRES_FATAL_ERROR, firstError == nil {
        let sql = sent[min(index, sent.count - 1)]
        if sql == writerStamp?.guarded { guardFailed = true }
        firstError = failure(r, sql: sql)
      }
      if status == PGRES_TUPLES_OK, index < sent.count {
        // The guarded lock's row is the one assumed (and since moved on by this transaction): only its stamps are new.
        if sent[index] == writerStamp?.guarded { rows(r) { keepStamps($0) } }
        each(index, r)
      }
      PQclear(r)
    }
    if let firstError { throw firstError }
  }

  /// BEGIN, the lock and `reads` sent in pipeline mode and answered in one round trip: the lock's row is kept
  /// for the appends, the reads' rows for the body's identical queries.
  private func begin(_ begin: String, lock: String?, reading reads: [SQLRead]) throws(DatabaseError) {
    var statements: [Prepared] = []
    for r in reads { statements.append(try statement(r.sql)) }  // prepared before the pipeline starts
    guard PQenterPipelineMode(handle) == 1 else { throw failure(nil, sql: begin) }
    defer { PQexitPipelineMode(handle) }
    var sent: [String] = []
    for sql in [begin] + (lock.map { [$0] } ?? []) {
      try send(sql)
      sent.append(sql)
    }
    let first = sent.count
    for (r, s) in zip(reads, statements) {
      try send(s, r.arguments, sql: r.sql)
      sent.append(r.sql)
    }
    var answers: [(read: SQLRead, rows: [[SQLValue]])] = []
    try readPipeline(sent) { index, result in
      if lock != nil, index == 1 {
        rows(result) { if lockedRow == nil { keepLock($0) } }
      } else if index >= first {
        var out: [[SQLValue]] = []
        rows(result) { out.append($0) }
        answers.append((reads[index - first], out))
      }
    }
    prefetched = answers
    beganWith = Dictionary(answers.map { ($0.read, $0.rows) }, uniquingKeysWith: { a, _ in a })
  }

  /// Keeps the lock's row, and its stamps when it has them (see ``writerStamp``).
  private func keepLock(_ row: [SQLValue]) {
    guard writerStamp != nil, row.count >= 2 else {
      lockedRow = row
      return
    }
    lockedRow = Array(row.dropLast(2))
    keepStamps(row)
  }

  /// Keeps the stamps that end the lock's row (see ``writerStamp``).
  private func keepStamps(_ row: [SQLValue]) {
    guard row.count >= 2 else { return }
    lockStamp = (row[row.count - 2], row[row.count - 1])
  }

  /// The answer read with the lock for exactly this query, once.
  private func takePrefetched(_ sql: String, _ arguments: [SQLValue]) -> [[SQLValue]]? {
    guard let i = prefetched.firstIndex(where: { $0.read.sql == sql && $0.read.arguments == arguments }) else { return nil }
    return prefetched.remove(at: i).rows
  }

  public var writerLockRow: [SQLValue]? {
    get { lockedRow }
    set { if inTransaction { lockedRow = newValue } }
  }

  public var inTransaction: Bool {
    let s = PQtransactionStatus(handle)
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE
  }

  /// Whether the server is still there (a node whose database restarted reconnects before its next command).
  public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

  /// A connection the server dropped (a restart, a failover) is made again before a statement or transaction
  /// outside a transaction; inside one, the transaction has failed and its caller sees the error.
  private func reconnectIfDropped() throws(DatabaseError) {
    if !isConnected && !inTransaction { try reconnect() }
  }

  /// Reconnects after the connection was lost; prepared statements are prepared again as they are used.
  public func reconnect() throws(DatabaseError) {
    known = nil
    PQreset(handle)
    prepared.removeAll()
    pipelined.removeAll()
    guard PQstatus(handle) == CONNECTION_OK else { throw failure(nil, sql: nil) }
    PQsetClientEncoding(handle, "UTF8")
    try execute("SET TIME ZONE 'UTC'")
  }

  /// A snapshot for the whole body (`REPEATABLE READ`), as a read transaction in SQLite's WAL sees.
  public func readTransaction<T>(_ body: () throws -> T) throws -> T {
    if inTransaction { return try body() }
    return try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ", lock: nil, body)
  }

  /// Writers take ``writerLock`` first: one writer at a time across every node, as with SQLite.
  public func writeTransaction<T>(_ body: () throws -> T) throws -> T { try transaction("BEGIN", lock: writerLock, body) }

  public func writeTransaction<T>(prefetching reads: [SQLRead], _ body: () throws -> T) throws -> T {
    try transaction("BEGIN", lock: writerLock, reading: reads, body)
  }

  private func transaction<T>(_ begin: String, lock: String?, reading reads: [SQLRead] = [], _ body: () throws -> T) throws -> T {
    try reconnectIfDropped()
    if inTransaction {
      throw DatabaseError(state: "25001", message: "cannot start a transaction within a transaction", sql: begin)
    }
    if lock != nil && reads.isEmpty { known = nil }  // only transactions with prefetched reads keep what they leave
    try flush()
    try prepareTransaction(begin, lock: lock)
    if lock != nil, !reads.isEmpty, let guarded = writerStamp?.guarded, let known, reads.allSatisfy({ known.answers[$0] != nil }) {
      do {
        return try assuming(known, begin, guarded: guarded, reads: reads, body)
      } catch {
        // Only a failed guard is retried: someone wrote since, so the body runs again, asking.
        guard guardFailed else { throw error }
      }
    }
    // One round trip: the transaction begins, a writer takes its lock (whose row, the chain's head, is kept for
    // the appends), and the reads are answered.
    do {
      try flush()
      written = []
      guardFailed = false
      lockedRow = nil
      lockStamp = nil
      prefetched = []
      try self.begin(begin, lock: lock, reading: reads)
    } catch {
      if inTransaction { try? execute("ROLLBACK") }
      throw error
    }
    defer {
      lockedRow = nil
      lockStamp = nil
      prefetched = []
    }
    do {
      let result = try body()
      try commit(keeping: reads.isEmpty ? nil : beganWith)
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// A write transaction in one round trip, assuming what ``known`` says: BEGIN and the lock guarded by the stamp
  /// ``known`` has (see ``writerStamp``) are sent without waiting, the reads are answered as ``known`` has them, and
  /// the body's writes and the commit follow in the same pipeline. If the guard fails (something was written since),
  /// nothing is committed, ``guardFailed`` is set and the error thrown; an error of the body counts only once the
  /// guard is known to have held.
  private func assuming<T>(
    _ known: Known, _ begin: String, guarded: String, reads: [SQLRead], _ body: () throws -> T
  ) throws -> T {
    try flush()
    let check = try statement(guarded)
    guard PQenterPipelineMode(handle) == 1 else { throw failure(nil, sql: begin) }
    written = []
    guardFailed = false
    lockedRow = known.lockRow
    lockStamp = nil  // until the guarded lock answers
    prefetched = reads.map { ($0, known.answers[$0] ?? []) }
    defer {
      lockedRow = nil
      lockStamp = nil
      prefetched = []
    }
    do {
      try send(begin)
      pipelined.append(begin)
      try send(check, [known.stamp], sql: guarded)
      pipelined.append(guarded)
      let result = try body()
      try commit(keeping: known.answers)
      return result
    } catch {
      // Whether the guard held decides what the error means: read the answers sent so far.
      if !guardFailed { _ = try? flush() }
      if inTransaction { try? execute("ROLLBACK") }
      if guardFailed { self.known = nil }
      throw error
    }
  }

  /// Commits the open transaction — with the writes still travelling, in the same round trip — and, for a transaction
  /// with prefetched reads (`answers`: theirs as it began), keeps in ``known`` the lock's row it leaves, its stamp and
  /// the answers of the tables it did not write to.
  private func commit(keeping answers: [SQLRead: [[SQLValue]]]?) throws {
    let row = lockedRow
    if answers != nil { known = nil }  // a read transaction leaves it, a writer without reads has already dropped it
    if pipelined.isEmpty {
      try execute("COMMIT")
    } else {
      // The commit travels with the last writes: one round trip for all of them.
      try send("COMMIT")
      pipelined.append("COMMIT")
      try flush()
      // A write that failed made the server skip the commit: the transaction is still open, and is rolled back.
      if inTransaction { throw DatabaseError(state: "40000", message: "the transaction was not committed", sql: "COMMIT") }
    }
    guard let answers, let row, let stamps = lockStamp, let table = writerStamp?.table, !written.contains("*") else { return }
    var kept = answers
    for read in answers.keys where !written.isDisjoint(with: tables(readBy: read.sql)) { kept[read] = nil }
    known = (row, written.contains(table) ? stamps.own : stamps.taken, kept)
  }

  /// The words of a read's SQL, among which the tables it reads (worked out once per statement).
  private func tables(readBy sql: String) -> Set<String> {
    if let words = readWords[sql] { return words }
    let words = Set(sql.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map { $0.lowercased() })
    readWords[sql] = words
    return words
  }

  public func assume(_ read: SQLRead, answers rows: [[SQLValue]]) {
    known?.answers[read] = rows
  }
}
