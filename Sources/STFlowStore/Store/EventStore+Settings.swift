/// The department's settings: how it counts and names things where provinces differ, and what heads and
/// signs its documents.
public enum Settings {
  /// Whether tasks only followed (centrally managed) are reported apart or counted among the managed.
  public static let followedTasks = "report.followed"
  /// The department's name as it heads its documents (SỞ KHOA HỌC VÀ CÔNG NGHỆ).
  public static let orgName = "org.name"
  /// The body above it (UBND TỈNH BẮC KẠN).
  public static let orgParent = "org.parent"
  /// The department's abbreviation in a document's symbol (SKHCN in 125/BC-SKHCN).
  public static let orgSymbol = "org.symbol"
  /// The place written before a document's date ("Bắc Kạn, ngày … tháng … năm …").
  public static let orgPlace = "org.place"
  /// The report's number (left blank for the clerk when unset: "Số:      /BC-SKHCN").
  public static let reportNumber = "report.number"
  /// Who the report is addressed to (Kính gửi), `;`-separated.
  public static let reportRecipients = "report.recipients"
  /// Who else receives it (Nơi nhận, after "Như trên"), `;`-separated.
  public static let reportCopies = "report.copies"
  /// The signer's title (GIÁM ĐỐC), signing for whom when not in their own name (KT. GIÁM ĐỐC), and name.
  public static let signerTitle = "signer.title"
  public static let signerAuthority = "signer.authority"
  public static let signerName = "signer.name"
  /// The address people open the served interface at (links in e-mails).
  public static let serverURL = "server.url"
  /// The roles that see every task in the served interface (comma-separated); unset: every global role.
  public static let staffRoles = "access.staff"

  /// Every setting with what it may hold (`nil`: any single line of text) and what it means.
  public static let known: [(key: String, values: [String]?, meaning: String, meaningVi: String)] = [
    (
      followedTasks, ["apart", "managed"], "tasks managed centrally that the department follows: reported apart, or counted as managed",
      "nhiệm vụ do Trung ương quản lý mà Sở theo dõi: báo cáo riêng (apart) hay tính vào nhiệm vụ quản lý (managed)"
    ),
    (
      orgName, nil, "the department's name as it heads its documents (default SỞ KHOA HỌC VÀ CÔNG NGHỆ)",
      "tên Sở ở đầu văn bản (mặc định SỞ KHOA HỌC VÀ CÔNG NGHỆ)"
    ),
    (
      orgParent, nil, "the body above the department on its documents (UBND TỈNH BẮC KẠN)",
      "cơ quan cấp trên ở đầu văn bản (UBND TỈNH BẮC KẠN)"
    ),
    (
      orgSymbol, nil, "the department's abbreviation in a document's symbol (default SKHCN)",
      "chữ viết tắt của Sở trong ký hiệu văn bản (mặc định SKHCN)"
    ),
    (orgPlace, nil, "the place written before a document's date (Bắc Kạn)", "địa danh ghi trước ngày tháng của văn bản (Bắc Kạn)"),
    (reportNumber, nil, "the report's number (unset: left blank for the clerk)", "số của báo cáo (để trống: văn thư điền khi vào sổ)"),
    (
      reportRecipients, nil, "who the report is addressed to, ';'-separated (default Ủy ban nhân dân tỉnh)",
      "nơi báo cáo được gửi tới (Kính gửi), cách nhau bằng ';' (mặc định Ủy ban nhân dân tỉnh)"
    ),
    (
      reportCopies, nil, "who else receives the report, ';'-separated (after 'Như trên'; 'Lưu: VT' ends the list)",
      "nơi nhận khác, cách nhau bằng ';' (sau 'Như trên'; cuối danh sách là 'Lưu: VT')"
    ),
    (signerTitle, nil, "the title of who signs documents (default GIÁM ĐỐC)", "chức vụ người ký văn bản (mặc định GIÁM ĐỐC)"),
    (
      signerAuthority, nil, "signing on behalf of (KT. GIÁM ĐỐC), when the signer is a deputy",
      "ký thay (KT. GIÁM ĐỐC), khi người ký là cấp phó"
    ),
    (signerName, nil, "the full name of who signs documents", "họ tên người ký văn bản"),
    (
      serverURL, nil, "the address of the served interface, for links in e-mails (https://stflow.sokhcn.example.vn)",
      "địa chỉ giao diện web, dùng cho đường liên kết trong e-mail (https://stflow.sokhcn.example.vn)"
    ),
    (
      staffRoles, nil, "the roles that see every task when served (comma-separated; unset: every role held globally)",
      "các vai trò được xem mọi nhiệm vụ trên giao diện web (cách nhau bằng dấu phẩy; để trống: mọi vai trò chung)"
    ),
  ]

  /// Keys earlier versions used, read when the new key is unset and accepted when setting.
  static let formerKeys = ["org.name": "department.name", "org.place": "department.place"]
}

extension EventStore {
  public func setting(_ key: String) throws -> String? {
    if let value = try meta("setting." + key) { return value }
    return try Settings.formerKeys[key].flatMap { try meta("setting." + $0) }
  }

  /// Sets a known setting to an allowed value (admin only once an admin exists), in one transaction.
  public func setSetting(_ key: String, _ value: String, by caller: String?) throws {
    let key = Settings.formerKeys.first { $0.value == key }?.key ?? key
    guard let known = Settings.known.first(where: { $0.key == key }) else {
      throw StoreError.input(
        "unknown setting '\(key)' (settings: \(Settings.known.map(\.key).joined(separator: ", ")))",
        vi: "không có thiết lập '\(key)' (các thiết lập: \(Settings.known.map(\.key).joined(separator: ", ")))")
    }
    if let values = known.values, !values.contains(value) {
      throw StoreError.input(
        "setting '\(key)' takes \(values.joined(separator: " or ")), not '\(value)'",
        vi: "thiết lập '\(key)' nhận \(values.joined(separator: " hoặc ")), không nhận '\(value)'")
    }
    if value.isEmpty || value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      throw StoreError.input("setting '\(key)' must be one line of text", vi: "thiết lập '\(key)' phải là một dòng chữ")
    }
    try transaction {
      try requireAdmin(caller, doing: "change the department's settings", vi: "thay đổi thiết lập của Sở")
      try setRecordedMeta("setting." + key, value, by: caller)
    }
  }
}
