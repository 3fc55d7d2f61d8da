import Dispatch
import Foundation
import STFlowEngine
import STFlowStore

/// The scheduler daemon: one `DispatchSourceTimer` on a private serial queue, re-armed to the earliest
/// pending timer or delivery, and at least every `pollInterval` so changes made by other processes are
/// seen. On each fire it reads the clock and processes everything due — it never assumes it fired on
/// time, so a clock jump forward delivers what became due and a jump back delays nothing already due.
///
/// `@unchecked Sendable`: the store and all state below are used only on `queue`.
public final class Scheduler: @unchecked Sendable {
  public let store: EventStore
  public let clock: any WallClock
  /// Simulated seconds per real second (1 for the system clock; more for a fast clock in tests).
  public let speed: Double
  public let pollInterval: TimeInterval
  private let queue = DispatchQueue(label: "stflow.scheduler")
  private let timer: DispatchSourceTimer
  private var stopping = false
  private let log: @Sendable (String) -> Void
  /// Called on the scheduler's queue for each notice, with the clock's time when it was recorded.
  private let observe: (@Sendable (ProcessedNotice, Date) -> Void)?
  /// Asked before each step: why the daemon must stop for good (its database file was deleted or
  /// replaced), or `nil` to carry on. The daemon then calls `fatal` with the reason.
  private let healthCheck: (@Sendable () -> String?)?
  private let fatal: (@Sendable (String) -> Void)?
  /// What this node is (`run`, or `serve` with its scheduler), for its heartbeats in the `nodes` table.
  public let role: String
  private let startedAt = Date()
  private var lastHeartbeat = Date.distantPast
  /// How often a node tells the database it is alive.
  public static let heartbeatInterval: TimeInterval = 5

  public init(
    store: EventStore, clock: any WallClock, speed: Double = 1, pollInterval: TimeInterval = 1,
    observe: (@Sendable (ProcessedNotice, Date) -> Void)? = nil, healthCheck: (@Sendable () -> String?)? = nil,
    fatal: (@Sendable (String) -> Void)? = nil, role: String = "run", log: @escaping @Sendable (String) -> Void
  ) {
    self.role = role
    if store.nodeId == nil { store.nodeId = EventStore.localNodeId() }
    self.healthCheck = healthCheck
    self.fatal = fatal
    self.store = store
    self.clock = clock
    self.speed = speed
    self.pollInterval = pollInterval
    self.observe = observe
    self.log = log
    timer = DispatchSource.makeTimerSource(queue: queue)
  }

  /// Starts the loop: the first pass runs at once (catching up on anything missed while stopped).
  public func start() {
    timer.setEventHandler { [weak self] in self?.step() }
    timer.schedule(wallDeadline: .now())
    timer.activate()
  }

  /// Stops after the step in progress (a delivery in flight finishes or is retried later), then calls `done`.
  public func stop(_ done: @escaping @Sendable () -> Void) {
    queue.async {
      self.stopping = true
      self.timer.cancel()
      done()
    }
  }

  private func step() {
    guard !stopping else { return }
    if let problem = healthCheck?() {
      stopping = true
      timer.cancel()
      log("error: \(problem)")
      fatal?(problem)
      return
    }
    do {
      if Date().timeIntervalSince(lastHeartbeat) >= Self.heartbeatInterval {
        try store.heartbeat(role: role, startedAt: startedAt)
        lastHeartbeat = Date()
      }
      let now = clock.now()
      for notice in try store.processDueTimers(now: now, observe: observe.map { o in { n in o(n, self.clock.now()) } }) {
        log(
          "\(notice.outcome.rawValue) \(notice.timer.kind.rawValue) \(notice.timer.taskKey) \(notice.timer.deadlineId) due \(notice.timer.dueDate)"
        )
      }
      let config = try HookConfig.load(from: store)
      for r in try OutboxDeliverer(store: store, clock: clock, config: config).deliverDue(shouldStop: { stopping }) {
        log("delivery #\(r.delivery.id) \(r.status.rawValue)" + (r.result.succeeded ? "" : ": \(r.result.failureDescription)"))
      }
      // Sleep until the next timer or retry, but never longer than the poll interval.
      var next = clock.now().addingTimeInterval(pollInterval * speed)
      if let t = try store.nextTimer()?.fireAt { next = min(next, t) }
      if let d = try store.nextDeliveryTime(), config.command != nil { next = min(next, d) }
      let wait = max(0.001, next.timeIntervalSince(clock.now()) / speed)
      timer.schedule(wallDeadline: .now() + wait)
    } catch {
      log("error: \(error) — retrying in \(pollInterval) s")
      timer.schedule(wallDeadline: .now() + pollInterval)
    }
  }
}

/// A clock that runs `speed` times faster than the wall clock from a chosen start (for trying the
/// scheduler on months of deadlines in seconds).
public struct ScaledClock: WallClock {
  public let start: Date
  public let origin: Date
  public let speed: Double

  public init(start: Date, speed: Double, origin: Date = Date()) {
    self.start = start
    self.origin = origin
    self.speed = speed
  }

  public func now() -> Date { start.addingTimeInterval(Date().timeIntervalSince(origin) * speed) }
}
