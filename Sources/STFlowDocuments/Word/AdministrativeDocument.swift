import STFlowFoundation

/// An administrative document in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I): the issuing body and
/// the national motto side by side, the number and symbol under the body, the place and date under the
/// motto, the kind and title in the middle, "Kính gửi", the body, then "Nơi nhận" beside the signature
/// block(s). A report fills it in one way, council minutes another.
public struct AdministrativeDocument: Sendable {
  /// One signature: who signs for whom ("KT. GIÁM ĐỐC"), the title, the full name.
  public struct Signature: Sendable {
    public var authority: String?
    public var title: String
    public var name: String
    public init(authority: String? = nil, title: String, name: String) {
      self.authority = authority
      self.title = title
      self.name = name
    }
  }

  /// The body above the issuer (UBND TỈNH BẮC KẠN); `nil` when there is none.
  public var parentBody: String?
  /// The issuer (SỞ KHOA HỌC VÀ CÔNG NGHỆ).
  public var body: String
  /// "Số: 125/BC-SKHCN".
  public var number: String
  public var place: String
  public var date: LocalDate
  /// The kind of document in capitals (BÁO CÁO, BIÊN BẢN).
  public var kind: String
  /// What it is about, under the kind.
  public var subject: String
  /// "Kính gửi: …" (none for minutes).
  public var recipients: [String] = []
  /// The content between the title and the signatures.
  public var content: [WordDocument.Block] = []
  /// "Nơi nhận:" lines (none for minutes).
  public var copiesTo: [String] = []
  /// One signature (a report) or two side by side (minutes: secretary and chair).
  public var signatures: [Signature]

  public init(
    parentBody: String?, body: String, number: String, place: String, date: LocalDate, kind: String, subject: String,
    signatures: [Signature]
  ) {
    self.parentBody = parentBody
    self.body = body
    self.number = number
    self.place = place
    self.date = date
    self.kind = kind
    self.subject = subject
    self.signatures = signatures
  }

  typealias P = WordDocument.Paragraph
  typealias R = WordDocument.Run

  /// "Bắc Kạn, ngày 30 tháng 6 năm 2026". The decree writes a 0 before days 1–9 and months 1 and 2 only
  /// ("ngày 05 tháng 02 năm 2026", "ngày 15 tháng 6 năm 2026").
  public static func dateLine(place: String, _ d: LocalDate) -> String {
    let c = d.components
    let day = c.day < 10 ? "0\(c.day)" : "\(c.day)"
    let month = c.month < 3 ? "0\(c.month)" : "\(c.month)"
    return "\(place), ngày \(day) tháng \(month) năm \(c.year)"
  }

  static func centred(_ runs: [R], after: Double = 0) -> P {
    var p = P(runs, alignment: .center)
    p.after = after
    return p
  }

  /// A short line under a centred heading: an empty paragraph with a bottom border, indented from both sides.
  static func rule(width: Double, column: Double) -> P {
    var p = P([R("", size: 2)], alignment: .center)
    p.left = max(0, (column - width) / 2)
    p.right = p.left
    p.ruleBelow = true
    p.after = 4
    return p
  }

  /// The document as Word.
  public var word: WordDocument {
    var doc = WordDocument(title: kind + " " + subject)
    // The block spans 10 mm into the left margin, as the decree's model documents do, so the motto keeps one line.
    let outdent = 10.0
    let left = 72.0
    let right = WordDocument.textWidth + outdent - left
    var issuer: [P] = []
    if let parentBody { issuer.append(Self.centred([R(parentBody.uppercased(), size: 13)])) }
    issuer.append(Self.centred([R(body.uppercased(), bold: true, size: 12.5)]))
    issuer.append(Self.rule(width: 22, column: left))
    issuer.append(Self.centred([R(number, size: 13)]))
    let motto = [
      Self.centred([R("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 12.5)]),
      Self.centred([R("Độc lập - Tự do - Hạnh phúc", bold: true, size: 14)]), Self.rule(width: 60, column: right),
      Self.centred([R(Self.dateLine(place: place, date), italic: true, size: 14)]),
    ]
    var block = WordDocument.Table(widths: [left, right], rows: [[issuer, motto]], borders: false)
    block.outdent = outdent
    doc.add(block)

    doc.add(Self.centred([R(kind.uppercased(), bold: true)]))
    var subjectLine = Self.centred([R(subject, bold: true)])
    subjectLine.after = 0
    doc.add(subjectLine)
    doc.add(Self.rule(width: 40, column: WordDocument.textWidth))
    if !recipients.isEmpty {
      let text = recipients.count == 1 ? recipients[0] : "\n" + recipients.map { "- " + $0 + ";" }.joined(separator: "\n")
      doc.add(Self.centred([R("Kính gửi: " + text)], after: 12))
    }
    doc.blocks += content

    var signatureCells: [[P]] = signatures.map { s in
      var cell: [P] = []
      var first = Self.centred([R(s.authority.map { $0.uppercased() + "\n" } ?? "", bold: true), R(s.title.uppercased(), bold: true)])
      first.before = 12
      cell.append(first)
      // Room for the signature and the seal, then the full name.
      cell.append(Self.centred([R(s.name, bold: true)]))
      cell[cell.count - 1].before = 72
      return cell
    }
    if signatures.count == 1 {
      // Nơi nhận on the left, the one signature on the right.
      var copies: [P] = []
      if !copiesTo.isEmpty {
        var heading = P([R("Nơi nhận:", bold: true, italic: true, size: 12)], alignment: .left)
        heading.before = 12
        heading.after = 0
        copies.append(heading)
        for line in copiesTo {
          var p = P([R("- " + line, size: 11)], alignment: .left)
          p.after = 0
          copies.append(p)
        }
      }
      signatureCells.insert(copies, at: 0)
    }
    let widths = [WordDocument.textWidth / 2, WordDocument.textWidth / 2]
    doc.add(WordDocument.Table(widths: widths, rows: [signatureCells], borders: false))
    return doc
  }
}
