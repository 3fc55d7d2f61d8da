import Foundation

/// What a spreadsheet row says happened to a task before STFlow began to track it.
///
/// Deadline occurrences due before ``trackedSince`` that the row does not speak of are "before
/// tracking": never missed, never noticed, and they trigger no consequence.
public struct ImportedPast: Sendable, Equatable {
  /// From this time on STFlow tracks the task (the date the spreadsheet describes).
  public var trackedSince: Date
  /// Transitions the row says already happened (progress reports made, an extension granted …): how
  /// often, and when last.
  public var firings: [String: Firing]

  public init(trackedSince: Date, firings: [String: Firing] = [:]) {
    self.trackedSince = trackedSince
    self.firings = firings
  }
}
