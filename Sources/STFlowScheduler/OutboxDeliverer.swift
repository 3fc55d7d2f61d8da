import Foundation
import STFlowEngine
import STFlowStore

/// Runs the configured hook for every delivery that is due, recording each result (delivered,
/// retried with exponential back-off, or dead-lettered). Deliveries are claimed with a lease, so
/// two schedulers never run the same one, and a crash mid-run leaves it to be retried.
public struct OutboxDeliverer {
  public let store: EventStore
  public let clock: any WallClock
  public let config: HookConfig

  public init(store: EventStore, clock: any WallClock, config: HookConfig) {
    self.store = store
    self.clock = clock
    self.config = config
  }

  public struct Report: Sendable {
    public let delivery: Delivery
    public let result: HookResult
    public let status: Delivery.Status
  }

  /// Delivers what is due now, at most `limit` deliveries; returns what happened.
  @discardableResult
  public func deliverDue(limit: Int = 1000, shouldStop: () -> Bool = { false }) throws -> [Report] {
    guard let command = config.command, !command.isEmpty else { return [] }
    let runner = HookRunner(executable: command, arguments: config.arguments, timeout: config.timeout)
    var reports: [Report] = []
    while reports.count < limit, !shouldStop(), let d = try store.claimDelivery(now: clock.now(), lease: config.timeout + 10) {
      let result = runner.run(
        input: Data(d.payload.utf8),
        environment: [
          "STFLOW_EVENT_KIND": d.kind, "STFLOW_TASK_KEY": d.taskKey, "STFLOW_IDEMPOTENCY_KEY": d.idempotencyKey,
          "STFLOW_DELIVERY_ID": String(d.id), "STFLOW_ATTEMPT": String(d.attempts + 1), "STFLOW_DB": store.connection.path,
        ])
      let status = try store.recordDelivery(
        d, succeeded: result.succeeded, error: result.succeeded ? nil : result.failureDescription, now: clock.now(), policy: config.retry)
      reports.append(Report(delivery: d, result: result, status: status))
    }
    return reports
  }
}
