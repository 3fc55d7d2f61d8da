import Foundation
import STFlowDocuments
import STFlowStore

/// What heads and signs the department's documents, from its settings (`stflow config set org.name …`),
/// with defaults that leave visible gaps where a department must fill in its own.
public struct Letterhead: Sendable {
  public var parentBody: String
  public var name: String
  public var symbol: String
  public var place: String
  /// The report's number; empty: left blank for the clerk to write in when it is registered.
  public var reportNumber: String
  public var recipients: [String]
  public var copies: [String]
  public var signer: AdministrativeDocument.Signature

  /// The settings of `store`, defaults where unset.
  public static func load(from store: EventStore) throws -> Letterhead {
    func get(_ key: String, _ fallback: String) throws -> String { try store.setting(key) ?? fallback }
    func list(_ key: String, _ fallback: [String]) throws -> [String] {
      guard let text = try store.setting(key) else { return fallback }
      return text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    let authority = try store.setting(Settings.signerAuthority)
    return Letterhead(
      parentBody: try get(Settings.orgParent, "UBND TỈNH ………"), name: try get(Settings.orgName, "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
      symbol: try get(Settings.orgSymbol, "SKHCN"), place: try get(Settings.orgPlace, "………"),
      reportNumber: try get(Settings.reportNumber, ""), recipients: try list(Settings.reportRecipients, ["Ủy ban nhân dân tỉnh"]),
      copies: try list(Settings.reportCopies, []),
      signer: AdministrativeDocument.Signature(
        authority: authority, title: try get(Settings.signerTitle, "GIÁM ĐỐC"), name: try get(Settings.signerName, "")))
  }

  /// "Số: 125/BC-SKHCN", or "Số:      /BB-SKHCN" with room for the number the clerk writes in.
  public func number(kind: String, _ number: String = "") -> String {
    "Số: " + (number.isEmpty ? "      " : number) + "/\(kind)-\(symbol)"
  }
}
