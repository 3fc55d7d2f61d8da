import Foundation

extension TimeZone {
  /// Asia/Ho_Chi_Minh (UTC+7, no daylight saving), where deadlines are counted.
  public static let vietnam = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600) ?? .gmt
}
