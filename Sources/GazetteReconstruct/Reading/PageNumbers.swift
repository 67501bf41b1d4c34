import GazetteCore

/// The page numbers a PDF's text keeps where its pages break (`— 4 —`, `- 12 -`, `第4页`, `第 4 页 共 12 页`),
/// often in the middle of a table. They are the page's furniture, not the report's: a number between dashes
/// read as a cell would shift every cell after it.
enum PageNumbers {
    /// Whether a whole line is a page number.
    static func isPageNumber(_ line: String) -> Bool {
        // Every line of a report comes here: most are turned away by their length or their first character.
        guard line.utf8.count <= 64, let first = line.unicodeScalars.first,
              isDash(first) || first == "第" || first == "共" else { return false }
        let scalars = Array(line.unicodeScalars.filter { !$0.properties.isWhitespace })
        guard scalars.count >= 3, scalars.count <= 16 else { return false }
        return isBetweenDashes(scalars[...]) || isNumberedPage(scalars[...])
    }

    /// `— 4 —`, `-12-`, `－ 3 －`: digits with dashes on both sides.
    private static func isBetweenDashes(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        var body = scalars
        var leading = 0, trailing = 0
        while let first = body.first, isDash(first) { body.removeFirst(); leading += 1 }
        while let last = body.last, isDash(last) { body.removeLast(); trailing += 1 }
        return leading >= 1 && trailing >= 1 && isDigits(body)
    }

    /// `第4页`, `第4页共12页`, `第4页/共12页`, `共12页第4页`.
    private static func isNumberedPage(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        var rest = scalars
        var pages = 0
        while !rest.isEmpty {
            guard let opener = rest.first, opener == "第" || opener == "共" else { return false }
            rest.removeFirst()
            let digits = rest.prefix { isDigit($0) }
            guard !digits.isEmpty, digits.count <= 4 else { return false }
            rest.removeFirst(digits.count)
            guard rest.first == "页" || rest.first == "頁" else { return false }
            rest.removeFirst()
            pages += 1
            while let separator = rest.first, separator == "/" || separator == "," || separator == "，" || separator == "、" {
                rest.removeFirst()
            }
        }
        return pages >= 1 && scalars.first == "第" || pages == 2
    }

    private static func isDigits(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        !scalars.isEmpty && scalars.count <= 4 && scalars.allSatisfy(isDigit)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCIIDigit || (0xFF10...0xFF19).contains(scalar.value)
    }

    /// Hyphen, full-width hyphen-minus, en and em dashes, the box-drawing line and the minus sign.
    private static func isDash(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0xFF0D, 0x2010...0x2015, 0x2500, 0x2212: true
        default: false
        }
    }
}
