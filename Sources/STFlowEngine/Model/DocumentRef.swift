/// A reference to a document kept elsewhere (a scanned decision, minutes, a dossier): its name,
/// where it is, and its SHA-256 so that a later change to the file can be detected.
public struct DocumentRef: Sendable, Equatable {
  public var name: String
  public var uri: String
  /// Lower-case hex SHA-256 of the document's bytes (64 characters).
  public var sha256: String

  public init(name: String, uri: String, sha256: String) {
    self.name = name
    self.uri = uri
    self.sha256 = sha256
  }

  /// Whether `text` is 64 hexadecimal digits.
  public static func isValidDigest(_ text: String) -> Bool {
    text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
  }
}
