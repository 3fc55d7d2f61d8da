import Testing

@testable import STFlowFoundation

@Suite struct NaturalOrderTests {
  @Test func numbersInKeysCompareAsNumbers() {
    let keys = ["NV-10", "NV-2", "NV-1", "DT-2024-12", "DT-2024-9", "DT-2025-01", "NV-100", "NV-02", "A", "NV-", "dt-1"]
    #expect(
      keys.sorted { $0.precedesNaturally($1) } == [
        "A", "DT-2024-9", "DT-2024-12", "DT-2025-01", "NV-", "NV-1", "NV-2", "NV-02", "NV-10", "NV-100", "dt-1",
      ])
  }

  @Test func theOrderIsStrict() {
    let keys = ["NV-1", "NV-01", "NV-001", "NV-1a", "NV-1b", "NV-", "NV", "9", "10", "", "Đề tài 2", "Đề tài 10"]
    for a in keys {
      #expect(!a.precedesNaturally(a), "\(a) before itself")
      for b in keys where a != b {
        #expect(a.precedesNaturally(b) != b.precedesNaturally(a), "\(a) and \(b) are not ordered one way")
        for c in keys where a.precedesNaturally(b) && b.precedesNaturally(c) {
          #expect(a.precedesNaturally(c), "\(a) < \(b) < \(c) but not \(a) < \(c)")
        }
      }
    }
  }
}
