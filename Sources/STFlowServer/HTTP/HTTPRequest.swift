import CMicroHTTPD
import Foundation
import STFlowPresentation

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

  /// Every query-string pair, percent-decoded, in order.
  public var queryPairs: [(String, String)] {
    guard let connection else { return [] }
    let box = PairBox()
    let context = Unmanaged.passRetained(box)
    defer { context.release() }
    _ = MHD_get_connection_values(connection, .GET_ARGUMENT_KIND, queryIterator, context.toOpaque())
    return box.pairs
  }

  /// The query string, encoded again (`a=1&b=2`), or `nil` when there is none.
  public var queryString: String? {
    let pairs = queryPairs
    return pairs.isEmpty ? nil : pairs.map { URLPath.encode($0.0) + "=" + URLPath.encode($0.1) }.joined(separator: "&")
  }

  final class PairBox: @unchecked Sendable {
    var pairs: [(String, String)] = []
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

/// libmicrohttpd's key-value iterator: a global function (safe on the server's threads).
private func queryIterator(cls: UnsafeMutableRawPointer?, kind: MHD_ValueKind, key: UnsafePointer<CChar>?, value: UnsafePointer<CChar>?)
  -> MHD_Result
{
  guard let cls, let key else { return .YES }
  Unmanaged<HTTPRequest.PairBox>.fromOpaque(cls).takeUnretainedValue().pairs.append(
    (String(cString: key), value.map { String(cString: $0) } ?? ""))
  return .YES
}
