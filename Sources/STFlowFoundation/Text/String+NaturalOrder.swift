extension String {
  /// Whether `self` comes before `other` the way people number things: runs of digits compare as numbers
  /// ("NV-2" before "NV-10", "DT-2024-9" before "DT-2024-12"), everything else byte by byte, and when two keys
  /// differ only in leading zeros the shorter comes first.
  public func precedesNaturally(_ other: String) -> Bool {
    // In place when both strings are stored contiguously (native strings are); copied otherwise.
    let inPlace = utf8.withContiguousStorageIfAvailable { a in
      other.utf8.withContiguousStorageIfAvailable { b in String.precedesNaturally(a, b) }
    }
    if let result = inPlace ?? nil { return result }
    return Array(utf8).withUnsafeBufferPointer { a in Array(other.utf8).withUnsafeBufferPointer { b in String.precedesNaturally(a, b) } }
  }

  static func precedesNaturally(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    var j = 0
    func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    while i < a.count && j < b.count {
      if isDigit(a[i]) && isDigit(b[j]) {
        let si = i
        let sj = j
        while i < a.count && isDigit(a[i]) { i += 1 }
        while j < b.count && isDigit(b[j]) { j += 1 }
        // Compare the numbers without leading zeros: by length, then digit by digit.
        var x = a[si..<i].drop { $0 == 0x30 }
        var y = b[sj..<j].drop { $0 == 0x30 }
        if x.count != y.count { return x.count < y.count }
        while let p = x.first, let q = y.first {
          if p != q { return p < q }
          x = x.dropFirst()
          y = y.dropFirst()
        }
        if i - si != j - sj { return i - si < j - sj }
      } else {
        if a[i] != b[j] { return a[i] < b[j] }
        i += 1
        j += 1
      }
    }
    return a.count - i < b.count - j
  }
}
