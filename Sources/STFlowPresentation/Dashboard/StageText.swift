/// The lifecycle stages of DOMAIN.md's table as the dashboard labels them.
public enum StageText {
  public static let labels: [String: (vi: String, en: String)] = [
    "proposal": ("Đề xuất", "Proposal"), "identification": ("Xác định nhiệm vụ", "Identification"),
    "selection": ("Tuyển chọn, giao trực tiếp", "Selection"), "appraisal": ("Thẩm định", "Appraisal"),
    "approval": ("Phê duyệt", "Approval"),
    "contract": ("Ký hợp đồng", "Contract"), "implementation": ("Đang thực hiện", "Implementation"),
    "adjustment": ("Điều chỉnh, đình chỉ", "Adjustment"), "acceptance": ("Nghiệm thu", "Acceptance"), "closure": ("Kết thúc", "Closure"),
  ]
}
