import STFlowRules

/// Council sessions as JSON for `--json` output.
public enum CouncilCodingJSON {
  public static func json(_ s: CouncilSession) -> JSON { CouncilCoding.json(s) }
}
