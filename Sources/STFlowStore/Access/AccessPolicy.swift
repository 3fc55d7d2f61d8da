import Foundation

/// How long sessions live and how failed sign-ins are throttled.
public struct AccessPolicy: Sendable, Equatable {
  /// A session unused this long ends.
  public var idle: TimeInterval = 30 * 60
  /// A session ends this long after sign-in, however busy.
  public var absolute: TimeInterval = 12 * 3600
  /// The window failed sign-ins are counted in.
  public var window: TimeInterval = 15 * 60
  /// Failed sign-ins allowed per user name in the window.
  public var perUser = 5
  /// Failed sign-ins allowed per address in the window.
  public var perAddress = 20

  public init() {}
}
