import Foundation

/// The files of `Pipelines/` built into the binary (SwiftPM `embedInCode`; `Sources/GazettePipeline/Resources`
/// is a symbolic link to `Pipelines/`), by their path relative to that folder.
enum BuiltInFiles {
    static let defaultPipelineName = "gov-disclosure-annual-report"

    static let files: [String: [UInt8]] = [
        "gov-disclosure-annual-report.yaml": PackageResources.gov_disclosure_annual_report_yaml,
        "templates/national-2019.yaml": PackageResources.national_2019_yaml,
        "templates/national-2021.yaml": PackageResources.national_2021_yaml,
        "dictionaries/gov-phrases.txt": PackageResources.gov_phrases_txt,
        "dictionaries/taiwan-vocabulary.txt": PackageResources.taiwan_vocabulary_txt,
    ]

    static func text(_ path: String) -> String? {
        files[normalised(path)].map { String(decoding: $0, as: UTF8.self) }
    }

    /// Built-in pipelines by name.
    static var pipelines: [String: String] {
        var result: [String: String] = [:]
        for (path, bytes) in files where !path.contains("/") && path.hasSuffix(".yaml") {
            result[String(path.dropLast(".yaml".count))] = String(decoding: bytes, as: UTF8.self)
        }
        return result
    }

    private static func normalised(_ path: String) -> String {
        path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    }
}
