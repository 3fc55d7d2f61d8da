/// A text in Vietnamese and English; either may be missing and falls back to the other.
public struct LocalizedText: Sendable, Equatable {
  public var vi: String?
  public var en: String?

  public init(vi: String? = nil, en: String? = nil) {
    self.vi = vi
    self.en = en
  }

  /// The text in `language` ("vi" or "en"), falling back to the other language, then to `fallback`.
  public func text(_ language: String, fallback: String = "") -> String {
    (language == "en" ? (en ?? vi) : (vi ?? en)) ?? fallback
  }
}
