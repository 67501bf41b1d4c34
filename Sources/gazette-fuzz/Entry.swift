// Two builds of one harness.
//
// `make fuzz` builds with `--sanitize=fuzzer -DGAZETTE_FUZZ`: libFuzzer supplies `main` and calls
// LLVMFuzzerTestOneInput with each input; GAZETTE_FUZZ_TARGET (decode, extract, reconstruct) picks the target.
//
// A plain build replays files instead, for reproducing a finding without the fuzzer:
//   gazette-fuzz reconstruct crash-1234 corpus-folder/
import Foundation

#if GAZETTE_FUZZ
nonisolated(unsafe) private var target: FuzzTarget?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    if target == nil {
        let name = ProcessInfo.processInfo.environment["GAZETTE_FUZZ_TARGET"] ?? ""
        guard let chosen = FuzzTarget(rawValue: name) else {
            fatalError("set GAZETTE_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue))")
        }
        target = chosen
    }
    let bytes = start.map { Data(bytes: $0, count: count) } ?? Data()
    let chosen = target!
    _ = runBlocking { await chosen.run(bytes) }
    return 0
}
#else
@main
struct Replay {
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            FileHandle.standardError.write(Data("usage: gazette-fuzz decode|extract|reconstruct FILE-OR-FOLDER...\n".utf8))
            exit(64)
        }
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let bytes = FileManager.default.contents(atPath: file) else {
                    print("\(file)\tunreadable")
                    continue
                }
                print("\(file)\t\(await target.run(bytes))")
            }
        }
    }

    private static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { (path as NSString).appendingPathComponent($0) }
    }
}
#endif
