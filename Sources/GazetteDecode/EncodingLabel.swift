import Foundation

/// Maps the encoding labels found in documents and HTTP headers to the iconv names Gazette decodes with,
/// following the WHATWG Encoding Standard where it speaks for Chinese text: every GB label means GB18030
/// (its superset) and every Big5 label means Big5-HKSCS, because pages labelled gb2312 routinely hold
/// GBK-only characters.
enum EncodingLabel {
    static func iconvName(for label: String) -> String? {
        table[key(of: label)]
    }

    /// The label trimmed of white space and quotes, lowercased: what the table is keyed by. A label that starts
    /// and ends with a printable ASCII character other than a quote (`gb2312`, `UTF-8`: nearly every one) has
    /// nothing to trim, and is not handed to `NSString`, which cost every document 0.3 % of a run.
    static func key(of label: String) -> String {
        func hasNothingToTrim(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x27 }
        if let first = label.utf8.first, let last = label.utf8.last, hasNothingToTrim(first), hasNothingToTrim(last) {
            return label.lowercased()
        }
        return label.trimmingCharacters(in: .whitespacesAndQuotes).lowercased()
    }

    private static let table: [String: String] = {
        var table: [String: String] = [:]
        for label in ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"] {
            table[label] = "UTF-8"
        }
        for label in ["chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
                      "iso-ir-58", "x-gbk", "gb18030", "cp936", "windows-936", "euc-cn", "euccn", "hz-gb-2312"] {
            table[label] = "GB18030"
        }
        for label in ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950", "windows-950", "big-5"] {
            table[label] = "BIG5-HKSCS"
        }
        for label in ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"] {
            table[label] = "UTF-16LE"
        }
        for label in ["unicodefffe", "utf-16be"] { table[label] = "UTF-16BE" }
        for label in ["ascii", "us-ascii", "iso-8859-1", "latin1", "windows-1252"] {
            // Pages that declare a Western encoding but are Chinese were mislabelled by a CMS template;
            // the verification step will reject this label if the bytes are not ASCII.
            table[label] = "WINDOWS-1252"
        }
        return table
    }()
}


extension CharacterSet {
    static let whitespacesAndQuotes = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'"))
}
