import STFlowDefinition

/// The words a page uses for the engine's codes: roles, council member roles, votes and outcomes.
public enum Wording {
  static let votes: [String: (vi: String, en: String)] = [
    "yes": ("Đồng ý", "Yes"), "no": ("Không đồng ý", "No"), "abstain": ("Không biểu quyết", "Abstain"),
    "approved": ("Thông qua", "Approved"), "rejected": ("Không thông qua", "Rejected"),
    "xuat_sac": ("Xuất sắc", "Excellent"), "kha": ("Khá", "Good"), "dat": ("Đạt", "Pass"), "khong_dat": ("Không đạt", "Fail"),
  ]

  static func pick(_ table: [String: (vi: String, en: String)], _ code: String, _ language: String) -> String {
    table[code].map { language == "en" ? $0.en : $0.vi } ?? code
  }

  /// A global or task role by its title.
  public static func role(_ code: String, _ language: String) -> String { RoleLabels.text(code, language) }

  /// A council member's role (chủ tịch, ủy viên phản biện…).
  public static func memberRole(_ code: String, _ language: String) -> String {
    CouncilDefinition.memberRoleTitles[code]?.text(language, fallback: code) ?? code
  }

  /// A vote or a council outcome.
  public static func outcome(_ code: String, _ language: String) -> String { pick(votes, code, language) }
}
