// gazette-bench: Gazette's speed and memory beside the C tools underneath it and the Python peer.
//
//   make bench                     (release build, the peer's PyPI packages, then `gazette-bench corpus`)
//   .build/release/gazette-bench corpus [--documents 1000] [--scaling 1000,10000] [--runs 3]
//   .build/release/gazette-bench micro  [--megabytes 4]
//
// Figures are printed, never asserted: speed is measured here, not in timed unit tests.
import Foundation

let arguments = Arguments()
let scratch = arguments.keep.map { URL(fileURLWithPath: $0) }
    ?? FileManager.default.temporaryDirectory.appendingPathComponent("gazette-bench-\(getpid())")
try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
switch arguments.mode {
case "micro": try await runMicro(arguments, scratch: scratch)
default: try await CorpusBenchmark(arguments, scratch: scratch).run()
}
if arguments.keep == nil { try? FileManager.default.removeItem(at: scratch) }
