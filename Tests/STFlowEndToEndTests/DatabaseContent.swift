import Foundation

@testable import STFlowStore

/// Every row of every table of a database, as text: equal content means nothing was written. (The file's
/// bytes alone would miss a write still in the WAL file.)
enum DatabaseContent {
  static func of(_ path: String) throws -> String {
    let c = try SQLiteConnection(path: path, readOnly: true)
    var out = ""
    let tables = try c.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap { $0.first?.text }
    for table in tables {
      for row in try c.query("SELECT * FROM \"\(table)\" ORDER BY 1") { out += "\(table): \(row)\n" }
    }
    return out
  }
}
