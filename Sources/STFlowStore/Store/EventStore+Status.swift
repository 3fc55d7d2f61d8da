import Foundation
import STFlowRules

/// What a store is and what work waits in it (`stflow store status`).
public struct StoreStatus: Sendable {
  public var backend: String
  public var schemaVersion: Int
  public var events: Int
  public var chainHead: (seq: Int64, hash: String)
  public var tasks: Int
  public var timersPending: Int
  /// Timers whose time has come and that no scheduler has turned into a notice yet.
  public var timersDue: Int
  /// Hook deliveries by state: pending, leased (a node is delivering it now), retrying, dead, delivered.
  public var deliveries: [String: Int]
  /// The nodes seen (their heartbeats), latest first.
  public var nodes: [NodeStatus]
}

extension EventStore {
  /// The store's backend, schema, chain and waiting work, read in one snapshot.
  public func status() throws -> StoreStatus {
    try connection.readTransaction {
      let now = Timestamp.format(self.now())
      func count(_ sql: String, _ args: [SQLValue] = []) throws -> Int { Int(try connection.scalar(sql, args)?.integer ?? 0) }
      var deliveries: [String: Int] = [:]
      for row in try connection.query(
        """
        SELECT CASE WHEN status = 'pending' AND lease_until IS NOT NULL AND lease_until > ? THEN 'leased'
          WHEN status = 'pending' AND attempts > 0 THEN 'retrying' ELSE status END, COUNT(*) FROM outbox GROUP BY 1
        """, [.text(now)])
      {
        deliveries[row[0].text ?? "?", default: 0] += Int(row[1].integer ?? 0)
      }
      return StoreStatus(
        backend: connection.dialect.rawValue, schemaVersion: try Schema.version(of: connection),
        events: try count("SELECT COUNT(*) FROM events"),
        chainHead: try chainHead(), tasks: try count("SELECT COUNT(*) FROM tasks"), timersPending: try count("SELECT COUNT(*) FROM timers"),
        timersDue: try count("SELECT COUNT(*) FROM timers WHERE fire_at <= ?", [.text(now)]), deliveries: deliveries,
        nodes: try nodes(now: self.now()))
    }
  }
}
