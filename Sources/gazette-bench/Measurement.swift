import Foundation

/// Seconds of the fastest of `runs` calls.
func best(_ runs: Int, _ body: () async throws -> Void) async rethrows -> Double {
    var fastest = Double.infinity
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return fastest
}

/// Runs a shell command with its output discarded and returns its exit status.
@discardableResult
func shell(_ command: String) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try? process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// Runs a shell command and returns what it printed, nil when it failed.
func shellOutput(_ command: String) -> String? {
    let process = Process()
    let pipe = Pipe()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
}

/// One run of a command: wall-clock seconds, CPU seconds (user and system, all its threads), peak resident set
/// size and what it printed.
struct Timed {
    var seconds: Double
    var cpuSeconds: Double
    var peakMegabytes: Double
    var status: Int32
    var output: String
}

/// Runs `command` under /usr/bin/time (its peak RSS and CPU time) and measures the wall clock around it.
func timed(_ command: String, scratch: URL) -> Timed {
    let timing = scratch.appendingPathComponent("time-\(UUID().uuidString).txt")
    let output = scratch.appendingPathComponent("out-\(UUID().uuidString).txt")
    defer {
        try? FileManager.default.removeItem(at: timing)
        try? FileManager.default.removeItem(at: output)
    }
    let start = DispatchTime.now().uptimeNanoseconds
    let status = shell("/usr/bin/time -f '%M %U %S' -o '\(timing.path)' \(command) > '\(output.path)' 2>/dev/null")
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    // The last line is the format's (a failed command's status line comes before it).
    let fields = (try? String(contentsOf: timing, encoding: .utf8))?.split(separator: "\n").last?.split(separator: " ") ?? []
    let kilobytes = fields.first.flatMap { Int($0) } ?? 0
    let cpuSeconds = fields.dropFirst().compactMap { Double($0) }.reduce(0, +)
    return Timed(seconds: seconds, cpuSeconds: cpuSeconds, peakMegabytes: Double(kilobytes) / 1024, status: status,
                 output: (try? String(contentsOf: output, encoding: .utf8)) ?? "")
}

/// The fastest of `runs` timed runs.
func bestTimed(_ runs: Int, _ command: String, scratch: URL) -> Timed {
    (0..<runs).map { _ in timed(command, scratch: scratch) }.min { $0.seconds < $1.seconds }!
}

func megabytes(_ bytes: Int) -> Double { Double(bytes) / 1e6 }

func fail(_ message: String, code: Int32 = 69) -> Never {
    FileHandle.standardError.write(Data("gazette-bench: \(message)\n".utf8))
    exit(code)
}

/// Single-quotes a path for /bin/sh.
func quoted(_ path: String) -> String { "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'" }
