import Dispatch
import Foundation

/// Chunks of rows decoded on the other cores while the caller goes on reading: each chunk is numbered in the order
/// it was handed over (0, 1, …), so the caller can put the results back in order. At most two chunks a core wait or
/// run at once, so reading does not run far ahead of decoding with the rows in memory.
struct ChunkWorkers {
  private let group = DispatchGroup()
  private let inFlight = DispatchSemaphore(value: 2 * max(1, ProcessInfo.processInfo.activeProcessorCount))
  /// How many chunks have been handed over.
  private(set) var count = 0

  /// Runs `work` with the chunk's number on another thread, after waiting for room.
  mutating func run(_ work: @escaping @Sendable (_ index: Int) -> Void) {
    let index = count
    count += 1
    inFlight.wait()
    DispatchQueue.global().async(group: group) { [inFlight] in
      defer { inFlight.signal() }
      work(index)
    }
  }

  /// Returns when every chunk handed over has been decoded.
  func wait() {
    group.wait()
  }
}
