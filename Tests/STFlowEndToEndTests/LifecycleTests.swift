import Foundation
import STFlowRules
import Testing

/// A provincial task from proposal to liquidation through the command line, with its councils, an
/// extension, a late dossier and the rating that follows.
@Suite struct LifecycleTests {
  let s: StflowProcess
  let experts = ["e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8"]
  let roles = ["chair", "vice_chair", "reviewer", "reviewer", "secretary", "member", "member", "member"]
  static let host = "Viện Nghiên cứu Rau quả"

  init() throws { s = try StflowProcess() }

  func ok(_ args: [String]) throws {
    let r = try s.run(["--db", s.db] + args)
    #expect(r.code == 0, "\(args.joined(separator: " ")): \(r.stderr)")
  }

  func ok(_ args: String...) throws { try ok(args) }

  func json(_ args: String...) throws -> JSON { try JSONParser.parse(try s.run(["--db", s.db, "--json"] + args).stdout) }

  /// Opens a council with all eight experts, records who is present, casts each present member's ballots, closes it.
  func sitting(_ council: String, on day: String, present: [String], ballots: (String) -> [[String]]) throws {
    try ok(["--as", "lan", "--at", day, "council", "open", "DT-9", council] + zip(experts, roles).flatMap { ["--member", "\($0):\($1)"] })
    try ok(["--as", "minh", "--at", day, "council", "attend", "DT-9", council] + present)
    for e in present {
      for b in ballots(e) { try ok(["--as", e, "--at", day, "council", "ballot", "DT-9", council] + b) }
    }
    try ok("--as", "minh", "--at", day, "council", "close", "DT-9", council)
  }

  @Test func aTaskGoesFromProposalToLiquidation() throws {
    try ok("init", "--workflows", StflowProcess.packageRoot.appendingPathComponent("Workflows").path)
    try ok("actor", "add", "admin", "--role", "admin")
    for (name, role) in [
      ("lan", "manager"), ("hung", "approver"), ("minh", "council_secretary"), ("thu", "appraiser"), ("hoa", "finance"),
    ] {
      try ok("--as", "admin", "actor", "add", name, "--role", role)
    }
    // The investigator and the experts are people with no global role: the task and the councils name them.
    try ok("--as", "admin", "actor", "add", "binh", "--display-name", "TS. Trần Văn Bình")
    let refused = try s.run(["--db", s.db, "--as", "admin", "actor", "add", "binh2", "--role", "investigator"])
    #expect(refused.code == 1)
    #expect(refused.stderr.contains("vai trò 'investigator' được giao theo từng nhiệm vụ, qua trường 'investigator' (Chủ nhiệm)"))
    for (i, e) in experts.enumerated() {
      try ok("--as", "admin", "actor", "add", e, "--org", i == 6 ? Self.host : "Org \(i)")
    }
    let allButE7 = experts.filter { $0 != "e7" }

    try ok(
      "--as", "lan", "--at", "2024-05-10", "task", "create", "provincial-task", "DT-9", "title=Phục tráng giống Bí thơm Ba Bể",
      "level=provincial")
    try ok("--as", "lan", "--at", "2024-06-20", "task", "fire", "DT-9", "send_to_council", "proposer=Sở Nông nghiệp")
    try sitting("identification", on: "2024-07-15", present: experts) { _ in [["--vote", "yes"]] }
    #expect(try json("task", "show", "DT-9")["state"] == .string("identified"))
    try ok("--as", "hung", "--at", "2024-08-05", "task", "fire", "DT-9", "approve_list", "listDecisionNo=1124/QĐ-UBND", "startYear=2025")
    try ok("--as", "lan", "--at", "2024-09-01", "task", "fire", "DT-9", "open_call", "callDeadline=15/10/2024")
    try ok("--as", "lan", "--at", "2024-10-16", "task", "fire", "DT-9", "close_call", "applicationsReceived=2")
    try sitting("selection", on: "2024-11-20", present: allButE7) { _ in
      [["--score", "84", "--application", Self.host], ["--score", "71", "--application", "Trung tâm Giống"]]
    }
    try ok("--as", "minh", "--at", "2024-11-20", "task", "fire", "DT-9", "select", "investigator=binh")
    var task = try json("task", "show", "DT-9")
    #expect(task["fields"]?["host"] == .string(Self.host))
    #expect(task["fields"]?["selectionScore"] == .integer(84))
    // Appraisal with a revision round.
    try ok("--as", "thu", "--at", "2024-12-01", "task", "fire", "DT-9", "request_revision", "--comment", "Giảm chi phí thiết bị")
    try ok("--as", "binh", "--at", "2024-12-05", "task", "fire", "DT-9", "resubmit", "budget=900.000.000")
    try ok("--as", "thu", "--at", "2024-12-10", "task", "fire", "DT-9", "pass_appraisal", "budgetCap=1.000.000.000")
    try ok(
      "--as", "hung", "--at", "2024-12-20", "task", "fire", "DT-9", "approve", "approvalDecisionNo=2201/QĐ-UBND", "approvalDate=2024-12-20")
    try ok(
      "--as", "lan", "--at", "2025-03-01", "task", "fire", "DT-9", "sign_contract", "contractNo=09/2025/HĐ-KHCN",
      "contractStart=2025-03-01",
      "contractEnd=2026-02-28")
    try ok("--as", "binh", "--at", "2025-09-02", "task", "fire", "DT-9", "report_progress", "lastReportDate=2025-09-01")
    // A 12-month contract may be extended by 6 months at most, once.
    let tooLong = try s.run([
      "--db", s.db, "--as", "hung", "--at", "2025-12-15", "task", "fire", "DT-9", "extend", "newContractEnd=2026-12-31",
    ])
    #expect(tooLong.code == 1)
    #expect(tooLong.stderr.contains("[maximum-length]") && tooLong.stderr.contains("hạn gia hạn tối đa = 31/08/2026"), "\(tooLong.stderr)")
    try ok("--as", "hung", "--at", "2025-12-15", "task", "fire", "DT-9", "extend", "newContractEnd=2026-08-28")
    let explain = try s.run(["--db", s.db, "--at", "2026-01-10", "task", "explain", "DT-9"])
    #expect(explain.stdout.contains("Hạn 27/09/2026 (Chủ nhật) = Ngày kết thúc hợp đồng + 30 ngày"), "\(explain.stdout)")
    #expect(
      explain.stdout.contains("Ngày kết thúc hợp đồng đổi từ 28/02/2026 thành 28/08/2026 qua bước Gia hạn hợp đồng, 15/12/2025 00:00"))
    // The dossier arrives 23 days late.
    try ok("--as", "binh", "--at", "2026-09-01", "task", "fire", "DT-9", "start_internal_acceptance")
    try ok(
      "--as", "binh", "--at", "2026-10-20", "task", "fire", "DT-9", "submit_dossier", "internalAcceptanceDate=2026-10-05",
      "dossierReceivedAt=2026-10-20")
    try ok(
      "--as", "lan", "--at", "2026-10-25", "task", "fire", "DT-9", "open_acceptance_council", "acceptanceCouncilDecisionNo=501/QĐ-SKHCN")
    // e7 works for the host and is recused; a score of 86 would be Xuất sắc on time, but 23 days late it is Khá.
    let recused = try s.run(
      ["--db", s.db, "--as", "lan", "--at", "2026-11-02", "council", "open", "DT-9", "acceptance"]
        + zip(experts, roles).flatMap { ["--member", "\($0):\($1)"] })
    #expect(recused.stdout.contains("không tham gia: e7 — công tác tại tổ chức chủ trì (\(Self.host))"))
    try ok(["--as", "minh", "--at", "2026-11-02", "council", "attend", "DT-9", "acceptance"] + allButE7)
    let conflicted = try s.run(["--db", s.db, "--as", "minh", "--at", "2026-11-02", "council", "attend", "DT-9", "acceptance", "e7"])
    #expect(conflicted.code == 1)
    #expect(conflicted.stderr.contains("[conflict-of-interest]") && conflicted.stderr.contains("xung đột lợi ích"))
    for e in allButE7 { try ok("--as", e, "--at", "2026-11-02", "council", "ballot", "DT-9", "acceptance", "--score", "86") }
    try ok("--as", "minh", "--at", "2026-11-02", "council", "close", "DT-9", "acceptance")
    task = try json("task", "show", "DT-9")
    #expect(task["state"] == .string("accepted"))
    #expect(task["fields"]?["acceptanceRating"] == .string("kha"))
    let council = try s.run(["--db", s.db, "council", "show", "DT-9", "acceptance"])
    #expect(council.stdout.contains("Ngày nhận hồ sơ nghiệm thu: 20/10/2026, hạn 27/09/2026: trễ 23 ngày"), "\(council.stdout)")
    #expect(council.stdout.contains("→ Khá"))
    let en = try s.run(["--db", s.db, "--lang", "en", "council", "show", "DT-9", "acceptance"])
    #expect(en.stdout.contains("dossierReceivedAt 2026-10-20, due 2026-09-27 (contractEnd + 30d): 23 days late"))
    #expect(en.stdout.contains("rule lateDays <= 30 && score >= 85 → kha"))
    try ok("--as", "hung", "--at", "2026-11-10", "task", "fire", "DT-9", "recognise", "recognitionDecisionNo=1502/QĐ-UBND")
    try ok("--as", "lan", "--at", "2026-11-15", "task", "fire", "DT-9", "register_results", "registrationCertificateNo=33/2026/GCN")
    try ok("--as", "hoa", "--at", "2026-11-20", "task", "fire", "DT-9", "liquidate", "liquidationDate=2026-11-20")
    #expect(try json("task", "show", "DT-9")["state"] == .string("liquidated"))
    #expect(try json("audit", "verify")["intact"] == .bool(true))
    let history = try s.run(["--db", s.db, "task", "history", "DT-9"]).stdout
    #expect(history.contains("«Hội đồng xác định nhiệm vụ» → «Được hội đồng đề xuất đặt hàng» (tự động)"))
    #expect(history.contains("«Hội đồng nghiệm thu cấp tỉnh» → «Đã nghiệm thu» (tự động)"))
  }
}
