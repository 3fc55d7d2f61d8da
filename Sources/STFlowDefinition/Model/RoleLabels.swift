/// The titles of the roles the shipped workflows and the access rules use, for people reading a page, a
/// refusal or an e-mail ("Lãnh đạo UBND tỉnh", not `approver`). An unknown role reads as its code.
public enum RoleLabels {
  static let titles: [String: LocalizedText] = [
    "admin": LocalizedText(vi: "Quản trị hệ thống", en: "Administrator"),
    "manager": LocalizedText(vi: "Chuyên viên quản lý", en: "Manager"),
    "director": LocalizedText(vi: "Lãnh đạo Sở", en: "Director"),
    "approver": LocalizedText(vi: "Lãnh đạo UBND tỉnh", en: "Approver"),
    "council_secretary": LocalizedText(vi: "Thư ký hội đồng", en: "Council secretary"),
    "appraiser": LocalizedText(vi: "Tổ thẩm định", en: "Appraiser"),
    "finance": LocalizedText(vi: "Kế toán, tài chính", en: "Finance"),
    "investigator": LocalizedText(vi: "Chủ nhiệm nhiệm vụ", en: "Principal investigator"),
    "host": LocalizedText(vi: "Tổ chức chủ trì", en: "Host organisation"),
    "district_manager": LocalizedText(vi: "Chuyên viên phòng cấp huyện", en: "District manager"),
    "district_approver": LocalizedText(vi: "Lãnh đạo UBND cấp huyện", en: "District approver"),
    "ministry_liaison": LocalizedText(vi: "Đầu mối liên hệ với Bộ", en: "Ministry liaison"),
  ]

  /// The role's title in `language`.
  public static func text(_ code: String, _ language: String) -> String { titles[code]?.text(language, fallback: code) ?? code }
}
