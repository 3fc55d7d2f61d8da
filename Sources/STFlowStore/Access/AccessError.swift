import Foundation

/// Why a sign-in or a credential was refused. The message never says which of user and password was wrong.
public enum AccessError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Wrong user or password, or no login for that user.
  case invalidCredentials
  /// Too many failed sign-ins for this user or from this address; try again after the given seconds.
  case throttled(retryAfter: Int)
  /// No session or token, or one that expired, was signed out or revoked.
  case notSignedIn

  public var description: String {
    switch self {
    case .invalidCredentials: return "Tên đăng nhập hoặc mật khẩu không đúng (wrong user name or password)"
    case .throttled(let s):
      return "Đăng nhập sai quá nhiều lần; thử lại sau \(s) giây (too many failed sign-ins; try again in \(s) s)"
    case .notSignedIn: return "Chưa đăng nhập hoặc phiên đã hết hạn (not signed in, or the session expired)"
    }
  }
}
