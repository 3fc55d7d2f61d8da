import CCrypto

/// HMAC-SHA-256 from the system's libcrypto (OpenSSL), for signing the head of the hash chain with a key
/// kept outside the database.
enum HMAC {
  static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    let ok = key.withUnsafeBufferPointer { k in
      message.withUnsafeBufferPointer { m in
        out.withUnsafeMutableBufferPointer { o in
          CCrypto.HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress, m.count, o.baseAddress, &length) != nil
        }
      }
    }
    return ok ? Array(out.prefix(Int(length))) : []
  }

  /// Compares two MACs in time independent of where they differ.
  static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count, !a.isEmpty else { return false }
    return a.withUnsafeBytes { x in b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 } }
  }
}
