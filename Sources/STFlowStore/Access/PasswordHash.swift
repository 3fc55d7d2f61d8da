import CXCrypt
import Foundation

/// Passwords are kept only as yescrypt hashes from libxcrypt (`crypt_gensalt_rn` + `crypt_rn`): never the
/// password, never a fast hash. A stored hash whose cost differs from today's is replaced at the next
/// successful sign-in.
public enum PasswordHash {
  /// The yescrypt cost (libxcrypt's `count`, 1–11; 5 is its default).
  public static let cost: UInt = 5
  /// The longest password accepted (yescrypt hashes any length, but a megabyte is an attack).
  public static let maximumLength = 1024
  public static let minimumLength = 8

  /// A new hash of `password`, with a fresh random salt.
  public static func make(_ password: String) throws(StoreError) -> String {
    var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
    guard crypt_gensalt_rn("$y$", cost, nil, 0, &setting, Int32(setting.count)) != nil else {
      throw .corrupt("libxcrypt could not make a yescrypt salt (errno \(errno))")
    }
    return try hash(password, setting: setting)
  }

  /// Whether `password` matches `stored` (a crypt string). Compared in constant time.
  public static func verify(_ password: String, against stored: String) -> Bool {
    guard password.utf8.count <= maximumLength, stored.hasPrefix("$"),
      let computed = try? hash(password, setting: stored.utf8CString.map { $0 })
    else { return false }
    let a = Array(computed.utf8)
    let b = Array(stored.utf8)
    guard a.count == b.count else { return false }
    var diff: UInt8 = 0
    for i in 0..<a.count { diff |= a[i] ^ b[i] }
    return diff == 0
  }

  /// Whether a stored hash should be replaced: another method, or another cost than today's.
  public static func needsRehash(_ stored: String) -> Bool {
    guard crypt_checksalt(stored) == CRYPT_SALT_OK, stored.hasPrefix("$y$") else { return true }
    var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
    guard crypt_gensalt_rn("$y$", cost, nil, 0, &setting, Int32(setting.count)) != nil else { return false }
    // "$y$j9T$salt$hash": the field after "$y$" holds the parameters.
    let params = { (s: String) in s.split(separator: "$", omittingEmptySubsequences: false).dropFirst(2).first }
    return params(String(decoding: setting.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)) != params(stored)
  }

  private static func hash(_ password: String, setting: [CChar]) throws(StoreError) -> String {
    guard password.utf8.count <= maximumLength, !password.utf8.contains(0) else {
      throw .input(
        "a password may be at most \(maximumLength) bytes, without NUL characters",
        vi: "mật khẩu dài tối đa \(maximumLength) byte, không có ký tự NUL")
    }
    var data = crypt_data()
    let result: String? = withUnsafeMutableBytes(of: &data) { raw in
      guard let base = raw.baseAddress else { return nil }
      let out = crypt_rn(password, setting, base, Int32(raw.count))
      guard let out, out.pointee != 0x2A else { return nil }  // "*…": libxcrypt's failure token
      return String(cString: out)
    }
    guard let result else {
      throw .corrupt(
        "libxcrypt could not hash the password (method \(setting.prefix(3).map { String(UnicodeScalar(UInt8(bitPattern: $0))) }.joined()))")
    }
    return result
  }
}
