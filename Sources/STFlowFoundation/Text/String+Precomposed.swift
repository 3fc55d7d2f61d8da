import Foundation

extension String {
  /// The string in Unicode normalisation form C (how keys and names are stored and compared). ASCII text is
  /// already in that form and is returned as it is, without the round trip through NSString.
  public var precomposed: String {
    utf8.allSatisfy { $0 < 0x80 } ? self : precomposedStringWithCanonicalMapping
  }
}
