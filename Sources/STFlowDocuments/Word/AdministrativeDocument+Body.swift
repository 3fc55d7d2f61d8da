extension AdministrativeDocument {
  /// A section heading of the body: bold (italic for a sub-section), indented like a paragraph, kept with what follows.
  public static func heading(_ text: String, italic: Bool = false) -> WordDocument.Block {
    var p = P([R(text, bold: true, italic: italic)])
    p.firstLine = 10
    p.before = 6
    p.after = 3
    p.keepWithNext = true
    return .paragraph(p)
  }

  /// A paragraph of the body: justified, its first line indented 10 mm.
  public static func body(_ runs: [WordDocument.Run]) -> WordDocument.Block {
    var p = P(runs)
    p.firstLine = 10
    p.after = 3
    return .paragraph(p)
  }

  /// A table cell in 12 pt: a header cell bold and centred, others aligned as asked.
  public static func cell(_ text: String, header: Bool = false, alignment: WordDocument.Alignment = .left) -> [WordDocument.Paragraph] {
    var p = P([R(text, bold: header, size: 12)], alignment: header ? .center : alignment)
    p.after = 0
    return [p]
  }
}
