/// A fixed list of names, built once and looked up often: a definition's fields, states and transitions, the roles
/// fields grant, the fields a transition takes. `table[name]` is the position of `name` in the list (the first, when
/// a name is given twice), or `nil`.
///
/// A name is found by an FNV-1a hash of its UTF-8 bytes and one comparison, several times cheaper than a
/// `Dictionary<String, Int>`'s seeded SipHash for the short names of a definition. The table never grows, so the
/// names a caller looks up cannot crowd it. Lookups agree with `String` equality, which is canonical equivalence:
/// when the bytes find nothing and either the name or a name in the table is not ASCII (an accent written as two
/// code points, or a name equal to another only after normalisation), the list is searched with `==`. Immutable,
/// so a class: holding or passing a table costs one retain.
public final class NameTable: Sendable, Sequence, Equatable {
  /// The names, in the order given.
  public let names: [String]
  /// Open addressing: each slot holds a position in `names` plus one, or 0 when empty. At least twice as many
  /// slots as names, a power of two.
  private let slots: [Int32]
  private let allASCII: Bool

  public convenience init(_ names: some Sequence<String>) { self.init(list: Array(names)) }

  private init(list names: [String]) {
    self.names = names
    var capacity = 4
    while capacity < names.count * 2 { capacity *= 2 }
    var slots = [Int32](repeating: 0, count: capacity)
    var allASCII = true
    for (i, name) in names.enumerated() {
      let (h, ascii) = Self.hash(name)
      if !ascii { allASCII = false }
      // A name equal to an earlier one is not entered (the earlier is found); with no accents about, equal names
      // have equal bytes and meet in the probing below.
      if !allASCII && names[..<i].contains(name) { continue }
      var s = Int(truncatingIfNeeded: h) & (capacity - 1)
      while slots[s] != 0 {
        if names[Int(slots[s]) - 1] == name { break }
        s = (s + 1) & (capacity - 1)
      }
      if slots[s] == 0 { slots[s] = Int32(i + 1) }
    }
    self.slots = slots
    self.allASCII = allASCII
  }

  public var count: Int { names.count }
  public var isEmpty: Bool { names.isEmpty }

  /// The position of `name`, or `nil` when the table does not hold it.
  public subscript(name: String) -> Int? {
    if names.isEmpty { return nil }
    let mask = slots.count - 1
    let (h, ascii) = Self.hash(name)
    var s = Int(truncatingIfNeeded: h) & mask
    while true {
      let entry = Int(slots[s])
      if entry == 0 { break }
      if names[entry - 1] == name { return entry - 1 }
      s = (s + 1) & mask
    }
    if allASCII && ascii { return nil }
    return names.firstIndex(of: name)
  }

  public func contains(_ name: String) -> Bool { self[name] != nil }

  public func makeIterator() -> IndexingIterator<[String]> { names.makeIterator() }

  public static func == (a: NameTable, b: NameTable) -> Bool { a.names == b.names }

  /// FNV-1a (64 bits) over the UTF-8 bytes, and whether they are all ASCII.
  static func hash(_ name: String) -> (UInt64, ascii: Bool) {
    func fnv(_ bytes: some Sequence<UInt8>) -> (UInt64, ascii: Bool) {
      var h: UInt64 = 0xcbf2_9ce4_8422_2325
      var high: UInt8 = 0
      for b in bytes {
        h = (h ^ UInt64(b)) &* 0x100_0000_01b3
        high |= b
      }
      return (h, high < 0x80)
    }
    return name.utf8.withContiguousStorageIfAvailable { fnv($0) } ?? fnv(name.utf8)
  }
}
