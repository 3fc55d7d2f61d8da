import CMicroHTTPD
import Foundation

/// One request, as libmicrohttpd parsed it. Headers and query values are looked up on the connection,
/// which is valid only while the handler runs.
public struct HTTPRequest: @unchecked Sendable {
  public let method: String
  /// The path, percent-decoded by libmicrohttpd, without the query.
  public let path: String
  public let body: [UInt8]
  /// The client's IP address.
  public let address: String
  let connection: OpaquePointer?

  /// A header's value (names are case-insensitive).
  public func header(_ name: String) -> String? {
    guard let connection, let v = MHD_lookup_connection_value(connection, .HEADER_KIND, name) else { return nil }
    return String(cString: v)
  }

  /// A query-string value, percent-decoded.
  public func query(_ name: String) -> String? {
    guard let connection, let v = MHD_lookup_connection_value(connection, .GET_ARGUMENT_KIND, name) else { return nil }
    return String(cString: v)
  }

  /// A cookie's value.
  public func cookie(_ name: String) -> String? {
    guard let header = header("Cookie") else { return nil }
    for part in header.split(separator: ";") {
      let kv = part.trimmingCharacters(in: .whitespaces)
      if kv.hasPrefix(name + "=") { return String(kv.dropFirst(name.count + 1)) }
    }
    return nil
  }
}
