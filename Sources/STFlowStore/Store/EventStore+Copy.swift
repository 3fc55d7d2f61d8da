import Foundation

/// What a copy moved, and whether the copy is the original: same chain head, and the audit passes on it.
public struct StoreCopyReport: Sendable {
  public var rows: [(table: String, count: Int)]
  public var chainHead: (seq: Int64, hash: String)
  public var verification: AuditReport
}

extension EventStore {
  /// The names of `table`'s columns, in order.
  func columnNames(_ table: String) throws -> [String] {
    let sql =
      switch connection.dialect {
      case .sqlite: "SELECT name FROM pragma_table_info(?) ORDER BY cid"
      case .postgresql:
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position"
      }
    return try connection.query(sql, [.text(table)]).compactMap { $0.first?.text }
  }

  /// The store's tables (not the schema's own version table), in an order that fills parents first.
  func tableNames() throws -> [String] {
    try connection.query(Schema.tableNames(connection.dialect)).compactMap { $0.first?.text }.filter { $0 != Schema.versionTable }
  }

  /// Copies everything in `source` into this store, which must hold nothing yet: every row of every table as it
  /// is, in one transaction, so the hash chain arrives intact (same events, same hashes, same head). Reads one
  /// snapshot of the source. Then verifies the copy as `audit verify` would.
  public func copy(from source: EventStore) throws -> StoreCopyReport {
    let held = try connection.scalar(
      "SELECT (SELECT COUNT(*) FROM events) + (SELECT COUNT(*) FROM definitions) + (SELECT COUNT(*) FROM actors)")
    guard held?.integer == 0 else {
      throw StoreError.input(
        "\(path) already holds data: a copy goes only into an empty database (nothing was written)",
        vi: "\(path) đã có dữ liệu: chỉ sao chép vào cơ sở dữ liệu trống (không ghi gì)")
    }
    var rows: [(String, Int)] = []
    try source.connection.readTransaction {
      let tables = try source.tableNames()
      let here = Set(try tableNames())
      if let missing = tables.first(where: { !here.contains($0) }) {
        throw StoreError.input(
          "\(path) has no table '\(missing)': both stores must have this stflow's schema", vi: "\(path) không có bảng '\(missing)'")
      }
      try transaction {
        for table in tables {
          let columns = try source.columnNames(table)
          // A new store's own rows (its genesis chain head, its metadata) give way to the source's.
          if table != "events" { try connection.run("DELETE FROM \(table)", []) }
          let insert =
            "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
          var n = 0
          try source.connection.forEachRow("SELECT \(columns.joined(separator: ", ")) FROM \(table)", []) { row in
            try connection.run(insert, row)
            n += 1
          }
          // PostgreSQL's generated keys carry on after the copied ones.
          if connection.dialect == .postgresql, columns.contains("id"),
            let sequence = try connection.scalar("SELECT pg_get_serial_sequence(?, 'id')", [.text(table)])?.text
          {
            try connection.query(
              "SELECT setval(?, (SELECT COALESCE(MAX(id), 0) + 1 FROM \(table)), false)", [.text(sequence)])
          }
          rows.append((table, n))
        }
      }
    }
    recentTasks.removeAll()
    clearEngineCache()
    let head = try chainHead()
    let sourceHead = try source.chainHead()
    var verification = try verify()
    if head != sourceHead {
      verification.problems.append("the copy's chain head #\(head.seq) differs from the source's #\(sourceHead.seq)")
    }
    return StoreCopyReport(rows: rows, chainHead: head, verification: verification)
  }
}
