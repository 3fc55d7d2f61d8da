import Testing

@testable import STFlowFoundation

@Suite struct NameTableTests {
  /// The reference: what a `Dictionary<String, Int>` built "first wins" from the same list answers.
  static func reference(_ names: [String]) -> [String: Int] {
    Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
  }

  @Test func everyNameIsFoundAtItsFirstPositionAndNothingElseIsFound() {
    var rng = SplitMix(seed: 14)
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz._0123456789")
    for size in [0, 1, 2, 3, 7, 8, 9, 31, 64, 200] {
      var names: [String] = []
      for _ in 0..<size {
        let length = 1 + Int(rng.next() % 12)
        names.append(String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
      }
      // Repeats: the first occurrence is the one found.
      if size > 2 { names.append(names[1]) }
      let table = NameTable(names)
      let expected = Self.reference(names)
      #expect(table.count == names.count)
      for name in names { #expect(table[name] == expected[name], "\(name) in a table of \(size)") }
      for probe in ["", "zzzzzzzzzzzzzz", "title", "budget ", "Budget", "count.extend"] {
        #expect(table[probe] == expected[probe], "\(probe) in a table of \(size)")
        #expect(table.contains(probe) == (expected[probe] != nil))
      }
    }
  }

  @Test func lookupsAgreeWithStringEqualityForAccentsWrittenEitherWay() {
    let composed = "ngàyKý"  // precomposed à and ý
    let decomposed = "nga\u{0300}yKy\u{0301}"
    #expect(composed == decomposed)
    let table = NameTable(["title", composed, "end"])
    #expect(table[decomposed] == 1)
    #expect(table[composed] == 1)
    // A name given twice, written two ways: the first is found, whichever way it is asked for.
    let twice = NameTable(["a", decomposed, composed])
    #expect(twice[composed] == 1)
    #expect(twice[decomposed] == 1)
    // The Kelvin sign is canonically the letter K: an ASCII name finds a table entry written with it.
    let kelvin = NameTable(["\u{212A}"])
    #expect(kelvin["K"] == Self.reference(["\u{212A}"])["K"])
    #expect(NameTable(["K", "\u{212A}"])["\u{212A}"] == 0)
  }

  @Test func iteratesInTheOrderGiven() {
    #expect(Array(NameTable(["c", "a", "b"])) == ["c", "a", "b"])
    #expect(NameTable(["c", "a"]).sorted() == ["a", "c"])
  }
}
