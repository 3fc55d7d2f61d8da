import Foundation
import Testing

/// The dashboard in a real headless browser (Debian's chromium, installed by Examples/setup.sh).
@Suite(.serialized) struct DashboardBrowserTests {
  static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// Loads the page (with a `#…` address for filters) and returns the DOM after its scripts ran.
  func dom(_ page: URL, hash: String = "") throws -> String {
    let chromium = try #require(Self.chromium, "chromium is not installed: run bash Examples/setup.sh")
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-chromium-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    return try StflowProcess.tool(
      at: chromium,
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)", "--virtual-time-budget=3000",
        "--dump-dom", page.absoluteString + hash,
      ]
    ).out
  }

  func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

  @Test func theDashboardShowsEveryTaskFiltersAndDetails() throws {
    let s = try StflowProcess()
    #expect(try s.run(["demo"]).code == 0)
    let db = s.directory.appendingPathComponent("stflow-demo.db").path
    let page = s.directory.appendingPathComponent("dash.html")
    let r = try s.run(["--db", db, "--at", "2026-11-24", "dashboard", "--out", page.path])
    #expect(r.code == 0, "\(r.stderr)")
    let html = try String(contentsOf: page, encoding: .utf8)
    #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="))  // self-contained
    // Everything drawn: twelve task rows, the stage counts.
    let all = try dom(page)
    #expect(count("<tr class=\"task", in: all) == 12)
    #expect(all.contains("data-stage=\"closure\"><div class=\"n\">4</div><div>Kết thúc</div>"))
    #expect(all.contains("data-stage=\"implementation\"><div class=\"n\">2</div>"))
    #expect(all.contains("<body data-shown=\"12\">"))
    // Filters: overdue only, a level, a state.
    // Overdue: DT-2024-02 and -04 (progress reports) and -03 (registration); DT-2024-12's council sat late, which is met.
    let overdue = try dom(page, hash: "#overdue=1")
    #expect(overdue.contains("<body data-shown=\"3\">"))
    #expect(count("data-overdue=\"1\" data-shown=\"1\"", in: overdue) == 3)
    #expect(try dom(page, hash: "#level=grassroots").contains("<body data-shown=\"2\">"))
    #expect(try dom(page, hash: "#state=implementation&overdue=1").contains("<body data-shown=\"2\">"))
    // A task's history and council outcomes on click (or from the address).
    let details = try dom(page, hash: "#task=DT-2024-01")
    #expect(details.contains("<h2>DT-2024-01 — Phục tráng giống Bí thơm Ba Bể</h2>"))
    #expect(details.contains("Hội đồng nghiệm thu cấp tỉnh: Khá (78 điểm)"))
    #expect(details.contains("Thanh lý hợp đồng: «Đã đăng ký kết quả» → «Đã thanh lý hợp đồng»"))
  }
}
