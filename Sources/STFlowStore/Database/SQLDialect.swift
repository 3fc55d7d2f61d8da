/// The SQL a backend speaks, where the two differ. The store writes one statement for both wherever it can
/// (`?` placeholders, `ON CONFLICT … DO UPDATE`, `COALESCE`); the few that cannot be shared ask the dialect.
public enum SQLDialect: String, Sendable {
  case sqlite = "SQLite"
  case postgresql = "PostgreSQL"

  /// The text at a dotted `path` (`fields.title`) inside the JSON held in a text column.
  public func jsonText(_ column: String, _ path: String) -> String {
    let keys = path.split(separator: ".")
    switch self {
    case .sqlite: return "json_extract(\(column), '$.\(path)')"
    case .postgresql:
      return "(\(column)::jsonb #>> '{\(keys.joined(separator: ","))}')"
    }
  }

  /// The names of the triggers on the store's tables.
  public var triggerNames: String {
    switch self {
    case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    case .postgresql:
      "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relname = 'events' AND c.relnamespace = current_schema()::regnamespace"
    }
  }

  /// Takes the rows a `SELECT` read under a row lock, passing over rows another transaction holds: how several
  /// nodes claim work without waiting on one another (SQLite's writers never run side by side).
  public var skipLocked: String { self == .postgresql ? " FOR UPDATE SKIP LOCKED" : "" }
}
