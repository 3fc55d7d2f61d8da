import Foundation
import STFlowEngine
import STFlowRules
import STFlowStore
import STFlowWebDriver
import Testing

/// The web interface in a real browser: headless chromium through chromium-driver (WebDriver), against a demo
/// database served on loopback. Screenshots are saved under .build/browser-screenshots to be looked at.
@Suite(.serialized) struct BrowserTests {
  static let demoPassword = "demo-2026"

  func signIn(_ d: WebDriver, _ h: ServerHarness, _ user: String, start: String = "/") throws {
    try d.open(h.base + start)
    #expect(d.url.contains("/dang-nhap"), "a page without a session leads to the sign-in form")
    try d.type("#user", user)
    try d.type("#password", ServerHarness.passwords[user] ?? Self.demoPassword)
    try d.click("main form button[type=submit]")
    // The answer to the form has loaded: the sign-in page is left.
    let deadline = Date().addingTimeInterval(10)
    while d.url.contains("/dang-nhap"), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
  }

  /// Every form control labelled, one `h1`, and Tab reaches every link, button and control of the page.
  func checkAccessible(_ d: WebDriver, _ page: String) throws {
    let problems =
      try d.run(
        """
        var p = [];
        var h1 = document.querySelectorAll('h1').length; if (h1 !== 1) p.push('h1 count ' + h1);
        document.querySelectorAll('input,select,textarea').forEach(function (e) {
          if (e.type === 'hidden') return;
          var ok = (e.id && document.querySelector('label[for="' + CSS.escape(e.id) + '"]')) || e.closest('label') ||
            e.getAttribute('aria-label') || e.getAttribute('aria-labelledby');
          if (!ok) p.push('unlabelled ' + e.outerHTML.slice(0, 90));
        });
        return p;
        """
      ).arrayValue?.compactMap(\.stringValue) ?? ["no answer"]
    #expect(problems.isEmpty, "\(page): \(problems)")
    let count =
      try d.run(
        """
        window.__f = Array.from(document.querySelectorAll('a[href],button,input:not([type=hidden]),select,textarea,summary'))
          .filter(function (e) { return e.getClientRects().length > 0 && !e.disabled && !e.closest('svg'); })
          // A radio group is one stop of the Tab order (arrow keys move inside it): its first radio stands for it.
          .filter(function (e) { return e.type !== 'radio' || e.form.querySelector('input[type=radio][name="' + e.name + '"]') === e; });
        document.activeElement && document.activeElement.blur();
        return window.__f.length;
        """
      ).intValue ?? 0
    var reached = Set<Int>()
    for _ in 0..<(count + 12) {
      try d.call(
        "POST", "\(d.s)/actions",
        .object([
          (
            "actions",
            .array([
              .object([
                ("type", .string("key")), ("id", .string("kb")),
                (
                  "actions",
                  .array([
                    .object([("type", .string("keyDown")), ("value", .string("\u{E004}"))]),
                    .object([("type", .string("keyUp")), ("value", .string("\u{E004}"))]),
                  ])
                ),
              ])
            ])
          )
        ]))
      let index = try d.run(
        """
        var a = document.activeElement;
        if (a && a.type === 'radio') a = a.form.querySelector('input[type=radio][name="' + a.name + '"]');
        return window.__f.indexOf(a);
        """)
      if let i = index.intValue, i >= 0 { reached.insert(Int(i)) }
      if reached.count == count { break }
    }
    #expect(reached.count == count, "\(page): Tab reached \(reached.count) of \(count) actions")
  }

  @Test func aManagerFiresThroughTheFormAndSeesARefusalForAGuard() throws {
    let h = try ServerHarness()
    let d = try WebDriver()
    try signIn(d, h, "lan.nguyen", start: "/nhiem-vu/DT-2024-02")
    #expect(d.url.hasSuffix("/nhiem-vu/DT-2024-02"), "after sign-in, back where the person was going: \(d.url)")
    #expect(try d.text("h1") == "Nhiệm vụ DT-2024-02")
    #expect(d.source.contains("<svg class=\"lifecycle\""))
    try d.screenshot("task-page")
    try checkAccessible(d, "task page")
    try d.click("a[href='/nhiem-vu/DT-2024-02/chuyen/inspect']")
    #expect(try d.text("h1") == "Kiểm tra định kỳ" || d.title.contains("—"))
    // An inspection dated in the future: the guard `lastInspectionDate <= at` refuses it.
    try d.run("document.getElementById('f-lastInspectionDate').value = '2099-03-01';")
    try d.type("#comment", "Kiểm tra tại hiện trường")
    try d.run("document.querySelector('main form').submit();")
    let refusal = try d.text(".refusal")
    #expect(refusal.contains("Chưa đủ điều kiện theo quy định"), "\(refusal)")
    #expect(refusal.contains("[guard]"))
    #expect(
      try d.run("return document.getElementById('f-lastInspectionDate').value;").stringValue == "2099-03-01",
      "the form keeps what was typed")
    #expect(try d.run("return document.getElementById('comment').value;").stringValue == "Kiểm tra tại hiện trường")
    try d.screenshot("fire-refused")
    try checkAccessible(d, "fire form")
    // A date that is not in the future: the inspection is recorded and shows in the history as a sentence.
    let today = LocalDate(h.clock.now(), in: .vietnam)
    try d.run("document.getElementById('f-lastInspectionDate').value = '\(today.description)';")
    try d.run("document.querySelector('main form').submit();")
    #expect(d.url.contains("/nhiem-vu/DT-2024-02"), "\(d.url)")
    #expect(try d.text(".flash").contains("Đã thực hiện"))
    #expect(try d.text("ol.history").contains("Nguyễn Thị Lan"))
    #expect(try h.store.task(key: "DT-2024-02")?.fields["lastInspectionDate"] == .date(today))
    try d.screenshot("fired")
  }

  @Test func aForbiddenActionIsRefusedWithItsRule() throws {
    let h = try ServerHarness()
    let d = try WebDriver()
    try signIn(d, h, "ths.mai")
    try d.screenshot("my-work-investigator")
    try checkAccessible(d, "my work")
    // The investigator sees her own task, not the others.
    try d.open(h.base + "/nhiem-vu")
    #expect(d.source.contains("DT-2024-02"))
    #expect(!d.source.contains("DT-2026-08"))
    try d.open(h.base + "/nhiem-vu/DT-2026-08")
    #expect(try d.text("h1") == "Không tìm thấy")
    // Inspecting is the manager's: the form opens, the engine refuses.
    try d.open(h.base + "/nhiem-vu/DT-2024-02/chuyen/inspect")
    let today = LocalDate(h.clock.now(), in: .vietnam)
    try d.run("document.getElementById('f-lastInspectionDate').value = '\(today.description)';")
    try d.run("document.querySelector('main form').submit();")
    let refusal = try d.text(".refusal")
    #expect(refusal.contains("[role-required]"), "\(refusal)")
    #expect(refusal.contains("không có quyền"))
    #expect(try h.store.task(key: "DT-2024-02")?.fields["lastInspectionDate"] != .date(today))
  }

  @Test func aCouncilMemberVotesFromAPhoneAndTheSecretaryEntersAPaperBallot() throws {
    let h = try ServerHarness()
    let members = [
      ("gs.thanh", "chair"), ("pgs.nga", "vice_chair"), ("ts.dung", "reviewer"), ("ts.phuong", "reviewer"), ("ths.linh", "secretary"),
      ("ks.tuan", "member"), ("ts.binh", "member"),
    ]
    try h.store.execute(
      .openCouncil(council: "identification", members: members.map { CouncilMember(name: $0.0, role: $0.1) }, related: [:]),
      taskKey: "DT-2026-08", actorName: "lan.nguyen")
    try h.store.execute(.attend(council: "identification", members: members.map(\.0)), taskKey: "DT-2026-08", actorName: "minh.pham")
    for m in ["ts.dung", "ts.phuong", "ths.linh", "ks.tuan", "ts.binh"] {
      try h.store.execute(
        .ballot(council: "identification", ballot: CouncilBallot(member: m, vote: "yes")), taskKey: "DT-2026-08", actorName: m)
    }
    // The chair votes from a phone-sized window.
    let phone = try WebDriver(width: 400, height: 860, phone: true)
    try signIn(phone, h, "gs.thanh")
    #expect(phone.source.contains("chờ phiếu của anh/chị"))
    try phone.screenshot("phone-my-work")
    try phone.open(h.base + "/nhiem-vu/DT-2026-08/hoi-dong/identification")
    try phone.screenshot("phone-council")
    try checkAccessible(phone, "council (phone)")
    let width = try phone.run("return document.documentElement.scrollWidth;").intValue ?? 0
    #expect(width <= 400, "nothing wider than the phone: \(width) px")
    try phone.click("input[name=vote][value=yes]")
    try phone.run("document.querySelector('#h-ballot').parentElement.querySelector('form').submit();")
    #expect(try phone.text(".flash").contains("Đã ghi nhận"))
    phone.quit()
    // The secretary enters the vice-chair's paper ballot with its scan.
    let scan = h.folder.appendingPathComponent("phieu-pgs-nga.pdf")
    try Data("%PDF-1.4 phiếu đánh giá".utf8).write(to: scan)
    let d = try WebDriver()
    try signIn(d, h, "minh.pham")
    try d.open(h.base + "/nhiem-vu/DT-2026-08/hoi-dong/identification")
    try d.run("document.getElementById('paper-member').value = 'pgs.nga';")
    try d.run("document.querySelector('#h-paper').parentElement.querySelector('input[name=vote][value=yes]').checked = true;")
    try d.attach("#paper-scan", file: scan.path)
    try d.run("document.querySelector('#h-paper').parentElement.querySelector('form').submit();")
    #expect(try d.text(".flash").contains("Đã ghi nhận"))
    let session = try #require(try h.store.task(key: "DT-2026-08")?.councils["identification"])
    let paper = try #require(session.ballots.first { $0.member == "pgs.nga" })
    #expect(paper.enteredBy == "minh.pham")
    #expect(paper.scan?.sha256 == SHA256.hex(Array("%PDF-1.4 phiếu đánh giá".utf8)))
    #expect(session.ballots.first { $0.member == "gs.thanh" }?.enteredBy == nil)
    #expect(d.source.contains("phiếu giấy"))
    // The scan downloads, checked against its SHA-256.
    let fetched = try d.runAsync(
      "var done = arguments[arguments.length - 1]; fetch('/nhiem-vu/DT-2026-08/tai-lieu/\(paper.scan?.sha256 ?? "")').then(function (r) { return r.text(); }).then(done);"
    )
    #expect(fetched.stringValue == "%PDF-1.4 phiếu đánh giá")
    try d.screenshot("council-paper-ballot")
    // Closing shows the outcome and the rule that computed it.
    try d.run("document.querySelector('form[action$=\"/ket-thuc\"]').submit();")
    #expect(try d.text("#h-outcome").contains("Kết quả"))
    #expect(d.source.contains("Thông qua"))
    #expect(!d.source.contains("điểm trung bình"), "a vote council has no mean score")
    #expect(!d.source.contains("Thành lập hội đồng"), "the task moved on: no new session is offered")
    try d.screenshot("council-closed")
    #expect(try h.store.verify().isIntact)
  }

  @Test func anExpiredSessionBringsThePersonBackWhereTheyWere() throws {
    let h = try ServerHarness()
    let d = try WebDriver()
    try signIn(d, h, "lan.nguyen")
    try d.open(h.base + "/nhiem-vu/DT-2024-04")
    #expect(try d.text("h1") == "Nhiệm vụ DT-2024-04")
    h.clock.advance(by: 31 * 60)  // idle longer than 30 minutes
    try d.open(h.base + "/nhiem-vu/DT-2024-04?tab=1")
    #expect(d.url.contains("/dang-nhap?tiep="), "\(d.url)")
    #expect(d.source.contains("Phiên làm việc đã hết"))
    try d.screenshot("session-expired")
    try checkAccessible(d, "sign-in")
    try d.type("#user", "lan.nguyen")
    try d.type("#password", ServerHarness.passwords["lan.nguyen"] ?? "")
    try d.click("main form button[type=submit]")
    #expect(d.url.hasSuffix("/nhiem-vu/DT-2024-04?tab=1"), "\(d.url)")
    // Signing out ends the session.
    try d.run("document.querySelector('header form').submit();")
    try d.open(h.base + "/")
    #expect(d.url.contains("/dang-nhap"))
  }

  @Test func theReportIsReadAndDownloadedAndTheAdminPagesWork() throws {
    let h = try ServerHarness()
    let d = try WebDriver()
    try signIn(d, h, "lan.nguyen", start: "/bao-cao?tu=2026-01-01&den=2026-06-30")
    #expect(try d.text("h1").contains("01/01/2026"))
    #expect(d.source.contains("<section class=\"card report\">"))
    try d.screenshot("report")
    try checkAccessible(d, "report")
    let download = try d.runAsync(
      """
      var done = arguments[arguments.length - 1];
      var a = document.querySelector('a[href*="dinh-dang=md"]');
      fetch(a.href).then(function (r) { return r.text().then(function (t) { done([r.status, r.headers.get('Content-Disposition'), t.slice(0, 200)]); }); });
      """)
    let parts = download.arrayValue ?? []
    #expect(parts.first?.intValue == 200)
    #expect(parts.dropFirst().first?.stringValue?.hasPrefix("attachment;") == true)
    #expect(parts.last?.stringValue?.isEmpty == false)
    // The manager is not an administrator: the page does not exist for her.
    try d.open(h.base + "/quan-tri")
    #expect(try d.text("h1") == "Không tìm thấy")
    try d.deleteCookies()
    try signIn(d, h, "admin", start: "/quan-tri")
    #expect(try d.text("h1") == "Quản trị")
    try d.screenshot("admin")
    try checkAccessible(d, "admin")
    try d.type("#t-name", "Báo cáo tự động")
    try d.run("document.querySelector('form[action=\"/quan-tri/token\"]').submit();")
    let token = try d.text(".flash code")
    #expect(token.count >= 40)
    #expect(try h.store.tokenActor(token: token)?.name == "admin")
    // Forms without the CSRF token are refused.
    let status = try d.runAsync(
      """
      var done = arguments[arguments.length - 1];
      fetch('/quan-tri/thu-hoi', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'id=1'})
        .then(function (r) { done(r.status); });
      """)
    #expect(status.intValue == 403)
  }

  @Test func theTaskPageOfATenThousandTaskPortfolioLoadsQuickly() throws {
    let h = try ServerHarness()
    let commands = (1...10_000).map { i in
      EventStore.BatchCommand(
        .create(key: "BULK-\(i)", fields: ["title": .string("Nhiệm vụ thử \(i)"), "level": .string("provincial")]), taskKey: "BULK-\(i)",
        workflow: "provincial-task", actorName: "lan.nguyen")
    }
    _ = try h.store.executeBatch(commands)
    let d = try WebDriver()
    try signIn(d, h, "lan.nguyen", start: "/nhiem-vu/BULK-5000")
    try d.open(h.base + "/nhiem-vu/BULK-5000")
    let taskPage = try d.run("var n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;").milliseconds
    #expect(try d.text("h1") == "Nhiệm vụ BULK-5000")
    try d.open(h.base + "/nhiem-vu?q=BULK-99")
    let list = try d.run("var n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;").milliseconds
    #expect(d.source.contains("BULK-9900"))
    #expect(d.source.contains("111 nhiệm vụ"))
    try d.screenshot("task-list-10000")
    print("10,000 tasks: task page \(Int(taskPage)) ms, filtered list \(Int(list)) ms (debug build)")
    #expect(taskPage < 1000, "the task page took \(taskPage) ms")
  }
}

extension JSON {
  /// A navigation time in milliseconds (a whole or fractional number).
  var milliseconds: Double {
    switch self {
    case .integer(let i): return Double(i)
    case .number(let d): return d
    default: return 99_999
    }
  }
}
