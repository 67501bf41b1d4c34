import GazetteCore
import GazetteReconstruct

/// A table's identity checks: each failed one as its equation, both sides term by term with the values read,
/// every term a link to its cell; those not evaluated with the cells they missed; those that hold, folded.
struct ChecksView {
    let table: Report.Table
    let outline: TableOutline?
    /// Element ids of the table's cells by canonical keys (``TableView/cellIDs``).
    let cellIDs: [TableOutline.CellKey: String]

    func render(into html: inout HTML) {
        guard !table.checks.isEmpty else { return }
        let failed = table.checks.filter { $0.ok == false }
        let open = table.checks.filter { $0.ok == nil }
        let holding = table.checks.filter { $0.ok == true }
        html.raw("<div class=\"checks\">")
        if !failed.isEmpty {
            html.raw("<h3 class=\"failed\">\(failed.count) failed</h3><ul class=\"failed\">")
            for check in failed {
                html.raw("<li class=\"check failed\">")
                renderHeading(check, into: &html)
                renderEquation(check, into: &html)
                html.raw("</li>")
            }
            html.raw("</ul>")
        }
        if !open.isEmpty {
            html.raw("<details class=\"open-checks\"\(failed.isEmpty ? " open" : "")><summary>\(open.count) not evaluated (a cell unknown or ambiguous)</summary><ul>")
            for check in open {
                html.raw("<li class=\"check unevaluated\">")
                renderHeading(check, into: &html)
                if let missing = check.missing, !missing.isEmpty {
                    html.raw(" <span class=\"missing\">unknown: ")
                    html.text(missing.joined(separator: ", "))
                    html.raw("</span>")
                }
                html.raw("</li>")
            }
            html.raw("</ul></details>")
        }
        if !holding.isEmpty {
            html.raw("<details class=\"ok-checks\"><summary>\(holding.count) hold</summary><ul>")
            for check in holding {
                html.raw("<li class=\"check ok\">")
                renderHeading(check, into: &html)
                html.raw(" <span class=\"sum\">")
                html.text("\(NumberText.format(check.left)) = \(NumberText.format(check.right))")
                html.raw("</span></li>")
            }
            html.raw("</ul></details>")
        }
        html.raw("</div>")
    }

    private func renderHeading(_ check: Report.Check, into html: inout HTML) {
        html.element("span", check.rule, class: "rule")
        if let column = check.column {
            html.raw(" ")
            html.element("span", "column " + columnLabel(column), class: "where")
        }
        if let row = check.row {
            html.raw(" ")
            html.element("span", "row " + rowLabel(row), class: "where")
        }
    }

    /// `a (3) + b (4) = 7 ≠ c (8) = 8`, each term a link to its cell.
    private func renderEquation(_ check: Report.Check, into html: inout HTML) {
        guard let terms = outline?.identities.lazy.compactMap({ $0.terms(of: check) }).first else {
            html.raw(" <span class=\"sum\">")
            html.text("\(NumberText.format(check.left)) ≠ \(NumberText.format(check.right))")
            html.raw("</span>")
            return
        }
        html.raw("<div class=\"equation\">")
        renderSide(terms.left, total: check.left, perColumn: check.column != nil, into: &html)
        html.raw("<span class=\"neq\"> ≠ </span>")
        renderSide(terms.right, total: check.right, perColumn: check.column != nil, into: &html)
        html.raw("</div>")
    }

    private func renderSide(_ terms: [TableOutline.CellKey], total: Double?, perColumn: Bool, into html: inout HTML) {
        html.raw("<span class=\"side\">")
        for (position, term) in terms.enumerated() {
            if position > 0 { html.raw(" + ") }
            let label = perColumn ? rowLabel(term.row) : columnLabel(term.column)
            let value = table.cell(row: term.row, column: term.column)?.value
            html.raw("<a class=\"term\"")
            if let id = cellIDs[term] {
                html.attribute("href", "#" + id)
                html.attribute("data-cell", id)
            }
            html.attribute("title", "\(term.row) · \(term.column)")
            html.raw(">")
            html.text(label)
            html.raw(" <b>")
            html.text(value.map(NumberText.format) ?? "?")
            html.raw("</b></a>")
        }
        html.raw(" = <b class=\"total\">")
        html.text(NumberText.format(total))
        html.raw("</b></span>")
    }

    private func rowLabel(_ key: String) -> String {
        outline?.rows.first { $0.key == key }?.label ?? key
    }

    private func columnLabel(_ key: String) -> String {
        outline?.columns.first { $0.column == key }?.label ?? key
    }
}
