import Foundation
import STFlowRules

/// A process working on the store — `stflow run`, or `stflow serve` with its scheduler — as its heartbeats show it.
public struct NodeStatus: Sendable, Equatable {
  public var id: String
  public var host: String
  public var pid: Int
  public var role: String
  public var startedAt: Date
  public var heartbeatAt: Date
  /// Deliveries this node holds a lease on now.
  public var leases: Int
}

extension EventStore {
  /// This process's name among the nodes: its host and process id.
  public static func localNodeId() -> String {
    "\(ProcessInfo.processInfo.hostName)/\(getpid())"
  }

  /// Records that this store's node (``nodeId``) is alive, as `role`, started at `startedAt`. The nodes table
  /// says only which processes are alive: it decides nothing, and the audit does not answer for it.
  public func heartbeat(role: String, startedAt: Date) throws {
    guard let nodeId else { return }
    try connection.run(
      """
      INSERT INTO nodes (id, host, pid, role, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET role = excluded.role, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at
      """,
      [
        .text(nodeId), .text(ProcessInfo.processInfo.hostName), .integer(Int64(getpid())), .text(role), .text(Timestamp.format(startedAt)),
        .text(Timestamp.format(now())),
      ])
  }

  /// The nodes seen, latest heartbeat first, each with the leases it holds at `now`.
  public func nodes(now: Date) throws -> [NodeStatus] {
    let at = Timestamp.format(now)
    return try connection.query(
      """
      SELECT n.id, n.host, n.pid, n.role, n.started_at, n.heartbeat_at,
        (SELECT COUNT(*) FROM outbox o WHERE o.lease_node = n.id AND o.status = 'pending' AND o.lease_until > ?)
      FROM nodes n ORDER BY n.heartbeat_at DESC, n.id
      """, [.text(at)]
    ).map { r in
      NodeStatus(
        id: r[0].text ?? "", host: r[1].text ?? "", pid: Int(r[2].integer ?? 0), role: r[3].text ?? "",
        startedAt: r[4].text.flatMap(Timestamp.parseStored) ?? .distantPast,
        heartbeatAt: r[5].text.flatMap(Timestamp.parseStored) ?? .distantPast,
        leases: Int(r[6].integer ?? 0))
    }
  }
}
