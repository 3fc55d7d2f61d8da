import STFlowPresentation

/// A report as plain blocks (headings, paragraphs, lists, tables), written out as Markdown or HTML by
/// small writers that know nothing of the domain, so every format says exactly the same.
public struct ReportDocument: Sendable {
  public enum Block: Sendable {
    case heading(level: Int, text: String)
    case paragraph(String)
    /// Items, each with optional sub-items (the tasks behind a figure).
    case list([(text: String, sub: [String])])
    case table(header: [String], rows: [[String]])
  }

  public var title: String
  public var blocks: [Block] = []

  public init(title: String) { self.title = title }

  mutating func heading(_ text: String, level: Int = 2) { blocks.append(.heading(level: level, text: text)) }
  mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }

  /// Markdown (GitHub flavour).
  public var markdown: String {
    var lines = ["# \(title)", ""]
    for block in blocks {
      switch block {
      case .heading(let level, let text): lines += [String(repeating: "#", count: level) + " " + text, ""]
      case .paragraph(let text): lines += [text, ""]
      case .list(let items):
        for item in items {
          lines.append("- " + item.text)
          lines += item.sub.map { "  - " + $0 }
        }
        lines.append("")
      case .table(let header, let rows):
        func row(_ cells: [String]) -> String { "| " + cells.map(Self.markdownCell).joined(separator: " | ") + " |" }
        lines.append(row(header))
        lines.append("|" + header.map { _ in " --- |" }.joined())
        lines += rows.map(row)
        lines.append("")
      }
    }
    while lines.last == "" { lines.removeLast() }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A table cell's text with each `|` escaped. Most cells have none and are used as they are (Foundation's
  /// `replacingOccurrences` bridges every cell through NSString: a third of a large report's time).
  static func markdownCell(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: "|")) else { return text }
    return text.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
  }

  /// A self-contained HTML page (no external assets); every value is escaped.
  public func html(language: String) -> String {
    let body = htmlBody()
    var out = "<!DOCTYPE html>\n<html lang=\"\(HTML.escape(language))\">\n<head>\n<meta charset=\"utf-8\">\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>\(HTML.escape(title))</title>\n"
    out += "<style>\(ReportStyle.reportStyle)</style>\n</head>\n<body>\n<main>\n"
    return out + body + "</main>\n</body>\n</html>\n"
  }

  /// The report as HTML inside a page: the title as `h1` (or `h2` when `embedded`), then the blocks.
  public func htmlBody(embedded: Bool = false) -> String {
    var out = embedded ? "<h2>\(HTML.escape(title))</h2>\n" : "<h1>\(HTML.escape(title))</h1>\n"
    for block in blocks {
      switch block {
      case .heading(let level, let text):
        let l = min(6, max(2, level))
        out += "<h\(l)>\(HTML.escape(text))</h\(l)>\n"
      case .paragraph(let text): out += "<p>\(HTML.escape(text))</p>\n"
      case .list(let items):
        out += "<ul>\n"
        for item in items {
          out += "<li>\(HTML.escape(item.text))"
          if !item.sub.isEmpty { out += "<ul>" + item.sub.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>" }
          out += "</li>\n"
        }
        out += "</ul>\n"
      case .table(let header, let rows):
        out += "<table>\n<thead><tr>" + header.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>\n" }
        out += "</tbody>\n</table>\n"
      }
    }
    return out
  }
}

/// The report's own look: a printed administrative page.
enum ReportStyle {
  static let reportStyle = """
    body{font-family:"Times New Roman",Times,serif;font-size:13pt;margin:0;background:#f4f4f4;color:#111}
    main{max-width:60rem;margin:0 auto;background:#fff;padding:1.5rem 2rem}
    h1{font-size:1.35rem;text-align:center;text-transform:uppercase}h2{font-size:1.1rem;margin-top:1.5rem}h3{font-size:1rem;font-style:italic}
    table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left}
    td:nth-child(n+2){text-align:right}th{background:#eee}ul ul{font-size:.95em;color:#333}
    @media print{body{background:#fff}main{padding:0}}
    """
}
