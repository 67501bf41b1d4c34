import Foundation
import GazetteCore

/// Options of the emit stage (none yet: the output files are fixed by SPEC.md).
public struct EmitOptions: StageOptions {
    public init() {}
    public init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: CodingKeys.self)
    }
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: CodingKeys.self)
    }
    enum CodingKeys: CodingKey {}
}

/// Emit: a report flattened into the records of every output file, so the writers only append.
public struct EmitStage: Stage {
    public static let id = StageID.emit
    public static let version = 3

    public let options: EmitOptions

    public init(options: EmitOptions) { self.options = options }

    public func run(_ report: Report) async throws -> EmittedRecords {
        let json: Data
        do {
            json = try GazetteJSON.encode(report)
        } catch {
            throw GazetteError(stage: .emit, code: .emitFailed, message: "the report cannot be written as JSON: \(error)",
                               input: report.source.uri)
        }
        return records(report, reportJSON: json)
    }

    /// The records of a report whose JSON the caller has already (the runner has the reconstruct artifact).
    public func records(_ report: Report, reportJSON json: Data) -> EmittedRecords {
        let id = report.id.rawValue
        var cells: [CellRecord] = []
        var checks: [CheckRecord] = []
        var tables: [TableRecord] = []
        for table in report.tables {
            tables.append(TableRecord(reportID: id, key: table.key, title: table.title, template: table.template,
                                      headerJSON: ReportJSON.header(table.header), gridJSON: ReportJSON.grid(table.grid)))
            for row in table.rows {
                for cell in row.cells {
                    cells.append(CellRecord(reportID: id, agency: report.agency, year: report.year, table: table.key,
                                            row: row.key, column: cell.column, value: cell.value, raw: cell.raw,
                                            unit: cell.unit, line: cell.line, flag: cell.flag?.rawValue,
                                            alternatives: cell.alternatives))
                }
            }
            for check in table.checks {
                checks.append(CheckRecord(reportID: id, table: table.key, rule: check.rule, row: check.row,
                                          column: check.column, ok: check.ok, left: check.left, right: check.right))
            }
        }
        let allChecks = report.tables.flatMap(\.checks)
        let record = ReportRecord(
            id: id, uri: report.source.uri, sha256: report.source.sha256, bytes: report.source.bytes,
            encoding: report.encoding.name, script: report.script.detected.rawValue, title: report.title,
            agency: report.agency, year: report.year, family: report.family, template: report.template,
            checksFailed: allChecks.filter { $0.ok == false }.count,
            checksNotEvaluated: allChecks.filter { $0.ok == nil }.count)
        return EmittedRecords(id: report.id, reportJSON: json, report: record, tables: tables, cells: cells,
                              checks: checks, diagnostics: report.diagnostics)
    }

}
