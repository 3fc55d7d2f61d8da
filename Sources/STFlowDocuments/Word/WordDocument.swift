/// A Word document (.docx, WordprocessingML) built from paragraphs and tables: A4, Times New Roman, the
/// margins of Nghị định 30/2020/NĐ-CP, page numbers centred at the top from the second page. The
/// container is written by libzip (``ZipArchive``); the markup is escaped here, value by value.
public struct WordDocument: Sendable {
  public enum Alignment: String, Sendable { case left, center, right, both }

  /// A piece of text with one look. `\n` inside the text is a line break.
  public struct Run: Sendable {
    public var text: String
    public var bold = false
    public var italic = false
    public var underline = false
    /// Size in points; `nil`: the document's size.
    public var size: Double?

    public init(_ text: String, bold: Bool = false, italic: Bool = false, underline: Bool = false, size: Double? = nil) {
      self.text = text
      self.bold = bold
      self.italic = italic
      self.underline = underline
      self.size = size
    }
  }

  public struct Paragraph: Sendable {
    public var runs: [Run]
    public var alignment: Alignment = .both
    /// First-line indent, left indent and right indent in millimetres.
    public var firstLine: Double = 0
    public var left: Double = 0
    public var right: Double = 0
    /// Space before and after in points.
    public var before: Double = 0
    public var after: Double = 6
    /// A line under the paragraph (the short rule under a body's name or the motto).
    public var ruleBelow = false
    public var keepWithNext = false

    public init(_ runs: [Run], alignment: Alignment = .both) {
      self.runs = runs
      self.alignment = alignment
    }
  }

  public struct Table: Sendable {
    /// Column widths in millimetres.
    public var widths: [Double]
    /// Rows of cells; each cell holds paragraphs.
    public var rows: [[[Paragraph]]]
    public var borders: Bool
    /// The first row is a header, repeated on every page.
    public var header: Bool
    /// How far the table starts left of the margin (mm): the header block of the decree spans wider than the text.
    public var outdent: Double = 0

    public init(widths: [Double], rows: [[[Paragraph]]], borders: Bool, header: Bool = false) {
      self.widths = widths
      self.rows = rows
      self.borders = borders
      self.header = header
    }
  }

  public enum Block: Sendable {
    case paragraph(Paragraph)
    case table(Table)
  }

  public var title: String
  public var blocks: [Block] = []
  /// The body text size in points (13–14 by the decree).
  public var fontSize: Double = 14

  public init(title: String) { self.title = title }

  public mutating func add(_ p: Paragraph) { blocks.append(.paragraph(p)) }
  public mutating func add(_ t: Table) { blocks.append(.table(t)) }

  /// The width of the text between the margins, in millimetres.
  public static let textWidth = 210.0 - Margins.left - Margins.right

  /// The decree's margins (mm): top 20–25, bottom 20–25, left 30–35, right 15–20.
  enum Margins {
    static let top = 20.0
    static let bottom = 20.0
    static let left = 30.0
    static let right = 15.0
  }

  /// The .docx file.
  public func docx() throws -> [UInt8] {
    try ZipArchive.make([
      ("[Content_Types].xml", Array(WordParts.contentTypes.utf8)),
      ("_rels/.rels", Array(WordParts.packageRelationships.utf8)),
      ("docProps/core.xml", Array(WordParts.core(title: title).utf8)),
      ("word/_rels/document.xml.rels", Array(WordParts.documentRelationships.utf8)),
      ("word/styles.xml", Array(WordParts.styles(fontSize: fontSize).utf8)),
      ("word/settings.xml", Array(WordParts.settings.utf8)),
      ("word/header1.xml", Array(WordParts.pageNumberHeader.utf8)),
      ("word/document.xml", Array(documentXML.utf8)),
    ])
  }

  var documentXML: String {
    var body = ""
    for block in blocks {
      switch block {
      case .paragraph(let p): body += Self.xml(p)
      case .table(let t): body += Self.xml(t)
      }
    }
    let twips = Self.twips
    let section =
      "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
      + "<w:pgMar w:top=\"\(twips(Margins.top))\" w:right=\"\(twips(Margins.right))\" w:bottom=\"\(twips(Margins.bottom))\" "
      + "w:left=\"\(twips(Margins.left))\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr>"
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \(WordParts.namespaces)><w:body>"
      + body + section + "</w:body></w:document>"
  }

  static func twips(_ mm: Double) -> Int { Int((mm * 1440 / 25.4).rounded()) }

  static func xml(_ p: Paragraph) -> String {
    var props = ""
    if p.keepWithNext { props += "<w:keepNext/>" }
    if p.ruleBelow { props += "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>" }
    props += "<w:spacing w:before=\"\(Int(p.before * 20))\" w:after=\"\(Int(p.after * 20))\"/>"
    if p.firstLine != 0 || p.left != 0 || p.right != 0 {
      props += "<w:ind w:left=\"\(twips(p.left))\" w:right=\"\(twips(p.right))\" w:firstLine=\"\(twips(p.firstLine))\"/>"
    }
    props += "<w:jc w:val=\"\(p.alignment.rawValue)\"/>"
    return "<w:p><w:pPr>\(props)</w:pPr>" + p.runs.map(xml).joined() + "</w:p>"
  }

  static func xml(_ r: Run) -> String {
    var props = ""
    if r.bold { props += "<w:b/><w:bCs/>" }
    if r.italic { props += "<w:i/><w:iCs/>" }
    if r.underline { props += "<w:u w:val=\"single\"/>" }
    if let size = r.size { props += "<w:sz w:val=\"\(Int(size * 2))\"/><w:szCs w:val=\"\(Int(size * 2))\"/>" }
    let lines = r.text.split(separator: "\n", omittingEmptySubsequences: false)
    let text = lines.map { "<w:t xml:space=\"preserve\">\(escape(String($0)))</w:t>" }.joined(separator: "<w:br/>")
    return "<w:r>" + (props.isEmpty ? "" : "<w:rPr>\(props)</w:rPr>") + text + "</w:r>"
  }

  static func xml(_ t: Table) -> String {
    let border = t.borders ? "single" : "nil"
    let borders = ["top", "left", "bottom", "right", "insideH", "insideV"].map {
      "<w:\($0) w:val=\"\(border)\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
    }.joined()
    var out = "<w:tbl><w:tblPr><w:tblW w:w=\"\(t.widths.map(twips).reduce(0, +))\" w:type=\"dxa\"/><w:tblBorders>\(borders)</w:tblBorders>"
    out +=
      "\(t.outdent > 0 ? "<w:tblInd w:w=\"-\(twips(t.outdent))\" w:type=\"dxa\"/>" : "")<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"70\" w:type=\"dxa\"/><w:right w:w=\"70\" w:type=\"dxa\"/></w:tblCellMar>"
    out += "</w:tblPr><w:tblGrid>" + t.widths.map { "<w:gridCol w:w=\"\(twips($0))\"/>" }.joined() + "</w:tblGrid>"
    for (index, row) in t.rows.enumerated() {
      out += "<w:tr>" + (index == 0 && t.header ? "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>")
      for (column, cell) in row.enumerated() {
        let width = column < t.widths.count ? twips(t.widths[column]) : 0
        let paragraphs = cell.isEmpty ? [Paragraph([])] : cell
        out += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr>" + paragraphs.map(xml).joined() + "</w:tc>"
      }
      out += "</w:tr>"
    }
    return out + "</w:tbl><w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr></w:p>"
  }

  /// Text as XML character data: markup characters escaped, characters XML forbids dropped.
  static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "\t": out += " "
      default:
        if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
