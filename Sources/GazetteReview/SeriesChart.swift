import Foundation

/// A bar chart of values by year as inline SVG: grouped bars, or one stacked bar a year (shares).
///
/// Years without a value get no bar and say so in the axis label, rather than a bar of 0: an unknown is
/// never drawn as a zero.
struct SeriesChart {
    struct Series {
        var name: String
        var values: [Double?]
    }

    var title: String
    var years: [Int]
    var series: [Series]
    /// One bar a year with the series stacked, each as its share of the year's sum (outcome shares).
    var stackedShares = false

    private let width = 640.0, height = 240.0
    private let left = 48.0, right = 12.0, top = 16.0, bottom = 40.0

    func render(into html: inout HTML) {
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        html.raw("<figure class=\"chart\"><figcaption>")
        html.text(title)
        html.raw("</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">")
        html.raw("<title>")
        html.text(title)
        html.raw("</title>")
        let maximum = stackedShares ? 1 : Self.roundedUp(series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0)
        for step in 0...2 {
            let value = maximum * Double(step) / 2
            let y = top + plotHeight - plotHeight * Double(step) / 2
            html.raw("<line class=\"grid\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y)\" y2=\"\(y)\"/>")
            html.raw("<text class=\"axis\" x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\">")
            html.text(stackedShares ? "\(Int(value * 100))%" : NumberText.format(value))
            html.raw("</text>")
        }
        let slot = plotWidth / Double(max(years.count, 1))
        for (position, year) in years.enumerated() {
            let x0 = left + slot * Double(position)
            let known = series.contains { $0.values[position] != nil }
            html.raw("<text class=\"axis\" x=\"\(x0 + slot / 2)\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\">")
            html.text(known ? "\(year)" : "\(year) (n/a)")
            html.raw("</text>")
            if stackedShares {
                renderStack(at: position, x: x0 + slot * 0.2, width: slot * 0.6, plotHeight: plotHeight, into: &html)
            } else {
                let barWidth = slot * 0.8 / Double(max(series.count, 1))
                for (index, line) in series.enumerated() {
                    guard let value = line.values[position] else { continue }
                    let barHeight = plotHeight * value / maximum
                    let x = x0 + slot * 0.1 + barWidth * Double(index)
                    html.raw("<rect class=\"s\(index)\" x=\"\(x)\" y=\"\(top + plotHeight - barHeight)\" width=\"\(barWidth)\" height=\"\(barHeight)\"><title>")
                    html.text("\(line.name), \(year): \(NumberText.format(value))")
                    html.raw("</title></rect>")
                    html.raw("<text class=\"value\" x=\"\(x + barWidth / 2)\" y=\"\(top + plotHeight - barHeight - 3)\" text-anchor=\"middle\">")
                    html.text(NumberText.format(value))
                    html.raw("</text>")
                }
            }
        }
        html.raw("</svg>")
        renderLegend(into: &html)
        html.raw("</figure>")
    }

    /// The axis' top: the smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 2, so the middle tick is whole).
    static func roundedUp(_ value: Double) -> Double {
        guard value > 2 else { return 2 }
        let power = pow(10, (log10(value)).rounded(.down))
        return [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= value } ?? 10 * power
    }

    private func renderStack(at position: Int, x: Double, width barWidth: Double, plotHeight: Double, into html: inout HTML) {
        let values = series.map { $0.values[position] }
        guard values.allSatisfy({ $0 != nil }) else { return }
        let total = values.reduce(0) { $0 + $1! }
        guard total > 0 else { return }
        var y = top + plotHeight
        for (index, value) in values.enumerated() {
            let share = value! / total
            let segment = plotHeight * share
            y -= segment
            html.raw("<rect class=\"s\(index)\" x=\"\(x)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"\(segment)\"><title>")
            html.text("\(series[index].name), \(years[position]): \(NumberText.format(value!)) of \(NumberText.format(total)) (\(Int((share * 100).rounded()))%)")
            html.raw("</title></rect>")
        }
    }

    private func renderLegend(into html: inout HTML) {
        guard series.count > 1 else { return }
        html.raw("<ul class=\"legend\">")
        for (index, line) in series.enumerated() {
            html.raw("<li><span class=\"swatch s\(index)\"></span>")
            html.text(line.name)
            html.raw("</li>")
        }
        html.raw("</ul>")
    }
}
