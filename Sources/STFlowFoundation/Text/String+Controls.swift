extension String {
  /// Whether the text holds a control character (NUL, a line break, a tab, DEL, …): names, keys and
  /// values are one line of visible text, and a NUL would be cut short by C libraries.
  public var hasControlCharacters: Bool {
    // Printable ASCII (most names, keys and values) is answered from the bytes, without Unicode properties.
    if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return false }
    return unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }
  }

  /// Control characters other than line breaks and tabs (for free text such as a comment).
  public var hasControlCharactersBesidesLineBreaks: Bool {
    unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" && $0 != "\r" }
  }
}
