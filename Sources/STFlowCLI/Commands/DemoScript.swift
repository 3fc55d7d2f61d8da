import Foundation
import STFlowEngine
import STFlowStore

/// The demo portfolio: a dozen tasks with titles like DOMAIN.md's, each driven to a different stage.
/// Every step is a real command through the store, checked by the same rules as the command line.
enum DemoScript {
  enum Action {
    case fire(transition: String, values: [String], comment: String?)
    case open(council: String, members: [(String, String)])
    case attend(council: String, members: [String])
    case ballot(council: String, ballot: CouncilBallot)
    case close(council: String)
  }

  struct Step {
    let key: String
    let actor: String
    let at: String
    let action: Action
  }

  /// Staff with their roles; investigators hold no global role (the task's investigator field grants it).
  static let actors: [(name: String, roles: [String], email: String, displayName: String)] = [
    ("admin", ["admin"], "admin@sokhcn.example.vn", "Quản trị hệ thống"),
    ("lan.nguyen", ["manager"], "lan.nguyen@sokhcn.example.vn", "Nguyễn Thị Lan"),
    ("quang.tran", ["director"], "quang.tran@sokhcn.example.vn", "Trần Văn Quang"),
    ("hung.le", ["approver"], "hung.le@ubnd.example.vn", "Lê Mạnh Hùng"),
    ("minh.pham", ["council_secretary"], "minh.pham@sokhcn.example.vn", "Phạm Đức Minh"),
    ("thu.do", ["appraiser"], "thu.do@sokhcn.example.vn", "Đỗ Thị Thu"),
    ("hoa.vu", ["finance"], "hoa.vu@sokhcn.example.vn", "Vũ Thị Hoa"),
    ("ts.hoang", [], "hoang@vienncnn.example.vn", "TS. Nguyễn Huy Hoàng"),
    ("ths.mai", [], "mai@trungtamgiong.example.vn", "ThS. Lê Thị Mai"),
    ("ts.khanh", [], "khanh@daihoc.example.vn", "TS. Bùi Quốc Khánh"),
  ]

  /// Council experts and the organisations they work for.
  static let experts: [(name: String, organisation: String, displayName: String)] = [
    ("gs.thanh", "Đại học Nông Lâm", "GS.TS. Nguyễn Văn Thanh"), ("pgs.nga", "Viện Khoa học Nông nghiệp", "PGS.TS. Trần Thị Nga"),
    ("ts.dung", "Sở Nông nghiệp và PTNT", "TS. Hoàng Văn Dũng"), ("ts.phuong", "Đại học Tây Bắc", "TS. Lò Thị Phương"),
    ("ths.linh", "Sở Khoa học và Công nghệ", "ThS. Đinh Thùy Linh"), ("ks.tuan", "Trung tâm Khuyến nông", "KS. Ma Văn Tuấn"),
    ("ts.hai", "Viện Nghiên cứu Nông nghiệp", "TS. Triệu Đức Hải"), ("ts.binh", "Liên hiệp các Hội KH&KT", "TS. Nông Thanh Bình"),
  ]

  /// What heads and signs the demo department's documents.
  static let letterhead: [(String, String)] = [
    (Settings.orgParent, "UBND TỈNH BẮC KẠN"), (Settings.orgName, "SỞ KHOA HỌC VÀ CÔNG NGHỆ"), (Settings.orgSymbol, "SKHCN"),
    (Settings.orgPlace, "Bắc Kạn"), (Settings.reportRecipients, "Ủy ban nhân dân tỉnh Bắc Kạn; Bộ Khoa học và Công nghệ"),
    (Settings.reportCopies, "Lãnh đạo Sở; Phòng Quản lý khoa học"), (Settings.signerTitle, "GIÁM ĐỐC"),
    (Settings.signerName, "Hoàng Văn Nam"),
  ]

  /// The password every demo person signs in with (`stflow serve` on the demo database).
  static let password = "demo-2026"

  static let roles = ["chair", "vice_chair", "reviewer", "reviewer", "secretary", "member", "member", "member"]

  /// A whole council sitting: open with the experts, record everyone present, one ballot each, close.
  static func sitting(_ key: String, _ council: String, on day: String, ballots: [(String, CouncilBallot)]) -> [Step] {
    let members = zip(experts, roles).map { ($0.0.name, $0.1) }
    let voters = Array(Set(ballots.map(\.0)))
    let present = experts.map(\.name).filter { voters.contains($0) }
    return [Step(key: key, actor: "lan.nguyen", at: day, action: .open(council: council, members: members))]
      + [Step(key: key, actor: "minh.pham", at: day, action: .attend(council: council, members: present))]
      + ballots.map { Step(key: key, actor: $0.0, at: day, action: .ballot(council: council, ballot: $0.1)) }
      + [Step(key: key, actor: "minh.pham", at: day, action: .close(council: council))]
  }

  /// Everyone but ts.hai (who would be recused for working for the host) votes the same way.
  static func votes(_ yes: Int, of count: Int = 7) -> [(String, CouncilBallot)] {
    experts.filter { $0.name != "ts.hai" }.prefix(count).enumerated().map { i, e in
      (e.name, CouncilBallot(member: e.name, vote: i < yes ? "yes" : "no"))
    }
  }

  static func scores(_ base: Int, application: String? = nil) -> [(String, CouncilBallot)] {
    experts.filter { $0.name != "ts.hai" }.enumerated().map { i, e in
      (e.name, CouncilBallot(member: e.name, score: base + (i % 3) - 1, application: application))
    }
  }

  /// The field (lĩnh vực) of each demo task.
  static let areas: [String: String] = [
    "DT-2024-01": "nong_nghiep", "DT-2024-02": "nong_nghiep", "DT-2024-03": "nong_nghiep", "DT-2024-04": "xa_hoi_nhan_van",
    "DT-2025-05": "ky_thuat_cong_nghe", "DT-2025-06": "nong_nghiep", "DT-2025-07": "xa_hoi_nhan_van", "DT-2026-08": "nong_nghiep",
    "DT-2026-09": "y_duoc", "DT-2024-10": "ky_thuat_cong_nghe", "DT-2025-11": "ky_thuat_cong_nghe", "DT-2024-12": "nong_nghiep",
  ]

  /// (key, title, level, kind, proposer, created on)
  static let tasks: [(String, String, String, String, String, String)] = [
    ("DT-2024-01", "Phục tráng giống Bí thơm Ba Bể", "provincial", "de_tai", "Sở Nông nghiệp và PTNT", "2024-05-10"),
    (
      "DT-2024-02", "Bảo tồn và phát triển giống xoài tròn Yên Châu mang chỉ dẫn địa lý", "provincial", "du_an", "UBND huyện Yên Châu",
      "2024-05-20"
    ),
    (
      "DT-2024-03", "Xây dựng nhãn hiệu tập thể cho sản phẩm Trám đen của huyện Văn Quan", "provincial", "du_an", "UBND huyện Văn Quan",
      "2024-06-02"
    ),
    (
      "DT-2024-04", "Nghiên cứu, biên soạn văn kiện Đảng bộ tỉnh giai đoạn 1939 - 2015", "provincial", "de_an", "Ban Tuyên giáo Tỉnh ủy",
      "2024-06-15"
    ),
    (
      "DT-2025-05", "Ứng dụng IoT trong quản lý nuôi trồng thủy sản nước ngọt", "provincial", "de_tai", "Sở Thông tin và Truyền thông",
      "2025-05-12"
    ),
    (
      "DT-2025-06", "Nghiên cứu chọn tạo giống lúa chịu hạn cho vùng cao", "provincial", "de_tai", "Trung tâm Giống cây trồng", "2025-05-18"
    ),
    (
      "DT-2025-07", "Đánh giá tiềm năng du lịch cộng đồng các xã vùng biên", "grassroots", "de_tai", "Sở Văn hóa, Thể thao và Du lịch",
      "2025-05-25"
    ),
    (
      "DT-2026-08", "Xây dựng mô hình sản xuất chè Shan tuyết theo tiêu chuẩn VietGAP", "provincial", "du_an_sxtn",
      "UBND huyện Hoàng Su Phì", "2026-06-01"
    ),
    ("DT-2026-09", "Phát triển chuỗi giá trị sâm Lai Châu", "national", "du_an", "Sở Khoa học và Công nghệ", "2026-08-20"),
    (
      "DT-2024-10", "Nghiên cứu giải pháp phòng chống sạt lở đất ven sông", "provincial", "de_tai", "Sở Tài nguyên và Môi trường",
      "2024-05-05"
    ),
    (
      "DT-2025-11", "Ứng dụng chuyển đổi số trong quản lý hồ sơ địa chính cấp xã", "grassroots", "de_an", "Sở Tài nguyên và Môi trường",
      "2025-06-01"
    ),
    (
      "DT-2024-12", "Sản xuất thử nghiệm phân bón hữu cơ vi sinh từ phụ phẩm nông nghiệp", "provincial", "du_an_sxtn",
      "Viện Thổ nhưỡng Nông hóa", "2024-05-28"
    ),
  ]

  static func s(_ key: String, _ transition: String, _ actor: String, _ at: String, _ values: [String] = [], comment: String? = nil) -> Step
  {
    Step(key: key, actor: actor, at: at, action: .fire(transition: transition, values: values, comment: comment))
  }

  /// From proposal to a signed contract: the common path of the tasks that reach implementation.
  static func toContract(_ key: String, year: Int, investigator: String, budget: String, months: Int) -> [Step] {
    let y = String(year)
    let n = String(year + 1)
    let end = months >= 24 ? "\(year + 3)-02-28" : "\(year + 2)-02-28"
    return [
      s(key, "send_to_council", "lan.nguyen", "\(y)-06-20")
    ] + sitting(key, "identification", on: "\(y)-07-15", ballots: votes(7)) + [
      s(key, "approve_list", "hung.le", "\(y)-08-05", ["listDecisionNo=\(1100 + year % 100)/QĐ-UBND", "startYear=\(n)"]),
      s(key, "open_call", "lan.nguyen", "\(y)-09-01", ["callDeadline=\(y)-10-15"]),
      s(key, "close_call", "lan.nguyen", "\(y)-10-16", ["applicationsReceived=3"]),
    ]
      + sitting(
        key, "selection", on: "\(y)-11-20",
        ballots: scores(82, application: "Viện Nghiên cứu Nông nghiệp") + scores(74, application: "Trung tâm Giống cây trồng")) + [
        s(key, "select", "minh.pham", "\(y)-11-20", ["investigator=\(investigator)"]),
        s(key, "pass_appraisal", "thu.do", "\(y)-12-10", ["budget=\(budget)", "budgetCap=1.500.000.000"]),
        s(
          key, "approve", "hung.le", "\(y)-12-20",
          ["approvalDecisionNo=\(2000 + (Int(key.suffix(2)) ?? 0))/QĐ-UBND", "approvalDate=\(y)-12-20"]),
        s(
          key, "sign_contract", "lan.nguyen", "\(n)-03-01",
          ["contractNo=\(key.suffix(2))/\(n)/HĐ-KHCN", "contractStart=\(n)-03-01", "contractEnd=\(end)"]),
      ]
  }

  static var steps: [Step] {
    var all: [Step] = []
    // 01: the whole way to liquidation, accepted Khá.
    all += toContract("DT-2024-01", year: 2024, investigator: "ts.hoang", budget: "950.000.000", months: 18)
    all +=
      [
        s("DT-2024-01", "report_progress", "ts.hoang", "2025-09-05", ["lastReportDate=2025-09-01"]),
        s("DT-2024-01", "inspect", "lan.nguyen", "2025-10-10", ["lastInspectionDate=2025-10-10"]),
        s("DT-2024-01", "start_internal_acceptance", "ts.hoang", "2026-02-20"),
        s("DT-2024-01", "submit_dossier", "ts.hoang", "2026-03-15", ["internalAcceptanceDate=2026-03-05", "dossierReceivedAt=2026-03-15"]),
        s("DT-2024-01", "open_acceptance_council", "lan.nguyen", "2026-04-02", ["acceptanceCouncilDecisionNo=412/QĐ-SKHCN"]),
      ] + sitting("DT-2024-01", "acceptance", on: "2026-04-20", ballots: scores(78)) + [
        s("DT-2024-01", "recognise", "hung.le", "2026-05-10", ["recognitionDecisionNo=905/QĐ-UBND"]),
        s("DT-2024-01", "register_results", "lan.nguyen", "2026-05-28", ["registrationCertificateNo=12/2026/GCN-KHCN"]),
        s("DT-2024-01", "liquidate", "hoa.vu", "2026-06-15", ["liquidationDate=2026-06-15"]),
      ]
    // 02: in implementation, extended once.
    all += toContract("DT-2024-02", year: 2024, investigator: "ths.mai", budget: "1.200.000.000", months: 24)
    all += [
      s("DT-2024-02", "report_progress", "ths.mai", "2025-09-03", ["lastReportDate=2025-09-01"]),
      s("DT-2024-02", "report_progress", "ths.mai", "2026-03-04", ["lastReportDate=2026-03-01"]),
      s(
        "DT-2024-02", "extend", "hung.le", "2026-10-01", ["newContractEnd=2027-08-31"],
        comment: "Mất mùa do hạn hán, cần thêm một vụ thu hoạch"),
    ]
    // 03: accepted automatically when the council's result is recorded.
    all += toContract("DT-2024-03", year: 2024, investigator: "ts.khanh", budget: "680.000.000", months: 12)
    all +=
      [
        s("DT-2024-03", "start_internal_acceptance", "ts.khanh", "2026-03-01"),
        s("DT-2024-03", "submit_dossier", "ts.khanh", "2026-03-25", ["internalAcceptanceDate=2026-03-20", "dossierReceivedAt=2026-03-25"]),
        s("DT-2024-03", "open_acceptance_council", "lan.nguyen", "2026-04-10", ["acceptanceCouncilDecisionNo=455/QĐ-SKHCN"]),
      ] + sitting("DT-2024-03", "acceptance", on: "2026-05-05", ballots: scores(88)) + []
    // 04: in implementation with progress reports.
    all += toContract("DT-2024-04", year: 2024, investigator: "ts.hoang", budget: "720.000.000", months: 24)
    all += [
      s("DT-2024-04", "report_progress", "ts.hoang", "2025-09-10", ["lastReportDate=2025-09-08"]),
      s("DT-2024-04", "inspect", "lan.nguyen", "2026-04-15", ["lastInspectionDate=2026-04-15"]),
    ]
    // 05: appraisal with a revision round, now awaiting approval.
    all +=
      [
        s("DT-2025-05", "send_to_council", "lan.nguyen", "2025-06-20")
      ] + sitting("DT-2025-05", "identification", on: "2025-07-15", ballots: votes(7)) + [
        s("DT-2025-05", "approve_list", "hung.le", "2025-08-05", ["listDecisionNo=1650/QĐ-UBND", "startYear=2026"]),
        s("DT-2025-05", "assign_directly", "hung.le", "2025-09-01", ["host=Trung tâm Ứng dụng KH&CN", "investigator=ts.khanh"]),
      ] + sitting("DT-2025-05", "selection", on: "2025-10-20", ballots: scores(76)) + [
        s("DT-2025-05", "select", "minh.pham", "2025-10-20"),
        s("DT-2025-05", "request_revision", "thu.do", "2025-11-10", comment: "Giảm chi phí thiết bị, làm rõ sản phẩm đầu ra"),
        s("DT-2025-05", "resubmit", "ts.khanh", "2025-11-25", ["budget=1.100.000.000"]),
        s("DT-2025-05", "pass_appraisal", "thu.do", "2025-12-08", ["budgetCap=1.200.000.000"]),
      ]
    // 06: call for selection open.
    all +=
      [
        s("DT-2025-06", "send_to_council", "lan.nguyen", "2025-06-20")
      ] + sitting("DT-2025-06", "identification", on: "2025-07-15", ballots: votes(7)) + [
        s("DT-2025-06", "approve_list", "hung.le", "2025-08-05", ["listDecisionNo=1650/QĐ-UBND", "startYear=2026"]),
        s("DT-2025-06", "open_call", "lan.nguyen", "2026-10-01", ["callDeadline=2027-01-15"]),
      ]
    // 07: no application received, then dropped.
    all +=
      [
        s("DT-2025-07", "send_to_council", "lan.nguyen", "2025-06-20")
      ] + sitting("DT-2025-07", "identification", on: "2025-07-15", ballots: votes(7)) + [
        s("DT-2025-07", "approve_list", "hung.le", "2025-08-05", ["listDecisionNo=1650/QĐ-UBND", "startYear=2026"]),
        s("DT-2025-07", "open_call", "lan.nguyen", "2025-09-01", ["callDeadline=2025-10-15"]),
        s("DT-2025-07", "no_application", "lan.nguyen", "2025-10-16", ["applicationsReceived=0"]),
        s("DT-2025-07", "drop", "hung.le", "2025-11-05", comment: "Không có tổ chức đăng ký sau thông báo tuyển chọn"),
      ]
    // 08: before the identification council.
    all += [s("DT-2026-08", "send_to_council", "lan.nguyen", "2026-06-20")]
    // 10: terminated for lack of progress, funds recovered.
    all += toContract("DT-2024-10", year: 2024, investigator: "ths.mai", budget: "870.000.000", months: 18)
    all += [
      s(
        "DT-2024-10", "terminate", "hung.le", "2025-12-01",
        comment: "Chủ nhiệm chuyển công tác, tổ chức chủ trì không bố trí được người thay thế"),
      s("DT-2024-10", "settle_termination", "hoa.vu", "2026-01-20", ["recoveredAmount=210.000.000"]),
    ]
    // 11: not recommended by the identification council.
    all +=
      [
        s("DT-2025-11", "send_to_council", "lan.nguyen", "2025-06-25")
      ] + sitting("DT-2025-11", "identification", on: "2025-07-15", ballots: votes(3)) + []
    // 12: acceptance dossier submitted.
    all += toContract("DT-2024-12", year: 2024, investigator: "ts.khanh", budget: "1.350.000.000", months: 18)
    all += [
      s("DT-2024-12", "report_progress", "ts.khanh", "2025-09-02", ["lastReportDate=2025-09-01"]),
      s("DT-2024-12", "start_internal_acceptance", "ts.khanh", "2026-08-20"),
      s("DT-2024-12", "submit_dossier", "ts.khanh", "2026-09-30", ["internalAcceptanceDate=2026-09-15", "dossierReceivedAt=2026-09-30"]),
      s("DT-2024-12", "open_acceptance_council", "lan.nguyen", "2026-11-16", ["acceptanceCouncilDecisionNo=588/QĐ-SKHCN"]),
    ]
    // The acceptance council is sitting: everyone is present and has scored but its chair, gs.thanh, who scores from a
    // phone when the demo is served; then the secretary closes the session.
    all += Array(
      sitting("DT-2024-12", "acceptance", on: "2026-11-20", ballots: scores(80)).dropLast().filter {
        if case .ballot(_, let b) = $0.action { return b.member != "gs.thanh" }
        return true
      })
    return all
  }
}
