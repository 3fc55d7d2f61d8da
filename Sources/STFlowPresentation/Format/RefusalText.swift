import STFlowEngine

/// What a refusal means, in the words of the person refused: a heading per rule (the rule id stays beside it).
public enum RefusalText {
  static let headings: [String: (vi: String, en: String)] = [
    "unknown-task": ("Không có nhiệm vụ này", "No such task"), "task-exists": ("Mã nhiệm vụ đã có", "The task key is taken"),
    "unknown-transition": ("Bước này không có trong quy trình", "No such step in the workflow"),
    "wrong-state": ("Nhiệm vụ không ở bước cho phép thao tác này", "The task is not at a step that allows this"),
    "role-required": ("Anh/chị không có quyền thực hiện thao tác này", "You do not hold a role that may do this"),
    "required-field": ("Còn thiếu thông tin bắt buộc", "A required value is missing"),
    "comment-required": ("Cần ghi ý kiến", "A comment is required"),
    "guard": ("Chưa đủ điều kiện theo quy định", "A condition of the rules is not met"),
    "version-conflict": ("Nhiệm vụ vừa được người khác cập nhật", "Someone else changed the task meanwhile"),
    "task-closed": ("Nhiệm vụ đã kết thúc", "The task is closed"), "unknown-field": ("Trường thông tin không có", "No such field"),
    "invalid-value": ("Giá trị không hợp lệ", "A value is not valid"),
    "effective-time": ("Ngày hiệu lực không hợp lệ", "Bad effective date"),
    "request-id-reused": ("Yêu cầu đã được gửi với nội dung khác", "The request id was used for another command"),
    "council": ("Hội đồng chưa cho phép thao tác này", "The council does not allow this now"),
    "council-quorum": ("Hội đồng chưa đủ số thành viên theo quy định", "The council has no quorum"),
    "conflict-of-interest": ("Thành viên phải rút khỏi hội đồng (xung đột lợi ích)", "The member is recused (conflict of interest)"),
    "field-not-accepted": ("Thao tác này không nhận trường thông tin đó", "This step does not take that field"),
    "paper-ballot": ("Phiếu giấy cần kèm bản chụp", "A paper ballot needs its scan"),
    "sign-in": ("Sai tên đăng nhập hoặc mật khẩu", "Wrong user name or password"),
    "throttled": ("Đăng nhập sai quá nhiều lần", "Too many failed sign-ins"),
    "input": ("Dữ liệu nhập chưa đúng", "The input is not right"), "usage": ("Dữ liệu nhập chưa đúng", "The input is not right"),
    "forbidden": ("Anh/chị không có quyền thực hiện thao tác này", "You may not do this"),
  ]

  /// The heading for `rule`.
  public static func heading(_ rule: String, _ language: String) -> String {
    headings[rule].map { language == "en" ? $0.en : $0.vi } ?? (language == "en" ? "Refused" : "Thao tác bị từ chối")
  }
}

extension RefusalText {
  /// A refusal as one line: in Vietnamese "Anh/chị không có quyền thực hiện thao tác này [role-required]: …. Căn cứ: …";
  /// in English the engine's own description (rule, task, actor, message, values, basis).
  public static func line(_ r: Rejection, _ language: String) -> String {
    guard language != "en" else { return r.description }
    return "\(heading(r.rule.rawValue, language)) [\(r.rule.rawValue)]: \(r.message(language))" + (r.basis.map { ". Căn cứ: \($0)" } ?? "")
  }
}
