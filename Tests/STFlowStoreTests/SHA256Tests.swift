import Testing

@testable import STFlowStore

/// FIPS 180-4 examples and the NIST CAVP short and long message vectors.
@Suite struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    (
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
    ),
  ])
  func nistVectors(message: String, digest: String) {
    #expect(SHA256.hex(message) == digest)
  }

  @Test func oneMillionTimesTheLetterA() {
    #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func incrementalUpdatesEqualOneShot() {
    let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    for split in [0, 1, 55, 56, 63, 64, 65, 999] {
      var h = SHA256()
      h.update(bytes[..<split])
      h.update(bytes[split...])
      #expect(SHA256.hexString(h.finalize()) == SHA256.hex(bytes))
    }
  }

  @Test func nistByteVector() {
    // CAVP SHA256ShortMsg, Len = 8, Msg = d3.
    #expect(SHA256.hex([0xd3]) == "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1")
  }

  @Test func aCopyTakenMidStreamHashesOnIndependently() {
    var h = SHA256()
    h.update("ab")
    var copy = h
    h.update("c")
    copy.update("d")
    #expect(SHA256.hexString(h.finalize()) == SHA256.hex("abc"))
    #expect(SHA256.hexString(copy.finalize()) == SHA256.hex("abd"))
    // A sequence without contiguous storage is hashed the same as its bytes.
    var lazy = SHA256()
    lazy.update("abc".utf8.lazy.map { $0 })
    #expect(SHA256.hexString(lazy.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }
}
