/// A ballot as a short text, for request-id digests and history lines.
public enum CouncilCodingText {
  public static func describe(_ b: CouncilBallot) -> String {
    (b.vote.map { "vote \($0)" } ?? "") + (b.score.map { "score \($0)" } ?? "") + (b.application.map { " for \($0)" } ?? "")
  }
}
