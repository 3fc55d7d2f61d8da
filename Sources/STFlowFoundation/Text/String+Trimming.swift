extension String {
  /// The string without leading and trailing white space (`newlines`: line breaks too), as Foundation's
  /// `trimmingCharacters(in: .whitespaces)` / `.whitespacesAndNewlines` give it, but without bridging
  /// through NSString: a spreadsheet's every cell goes through it. A string that starts and ends with a
  /// visible ASCII character is returned as it is.
  public func trimmingSpaces(newlines: Bool = false) -> String {
    guard let first = utf8.first, let last = utf8.last else { return self }
    if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
    func isSpace(_ s: Unicode.Scalar) -> Bool {
      switch s.value {
      case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return newlines
      case 0x09, 0x20: return true
      default: return s.properties.generalCategory == .spaceSeparator
      }
    }
    let scalars = unicodeScalars
    guard let start = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
    let end = scalars.lastIndex(where: { !isSpace($0) }) ?? start
    return String(scalars[start...end])
  }
}
