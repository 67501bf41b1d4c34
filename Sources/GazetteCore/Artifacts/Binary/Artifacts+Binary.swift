import Foundation

// The artifacts the work folder keeps (fetch to reconstruct; emit's records are not kept) in
// ``ArtifactBinary``'s form, field by field in declaration order. A field added to one of these types must be
// added here, and `formatVersion` bumped (the round-trip tests over the fixtures fail until it is written).

extension DocumentID: BinaryStorable {
    public func write(to writer: inout BinaryWriter) { writer.write(rawValue) }
    public init(from reader: inout BinaryReader) throws { self.init(rawValue: try reader.readString()) }
}

extension Source: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(uri)
        writer.write(sha256)
        writer.write(bytes)
        writer.write(contentType)
        writer.write(fetchedAt)
        writer.write(url)
        writer.write(record)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(uri: try reader.readString(), sha256: try reader.readString(), bytes: try reader.readInt(),
                  contentType: try reader.readOptionalString(), fetchedAt: try reader.readOptionalString(),
                  url: try reader.readOptionalString(), record: try reader.readOptional())
    }
}

extension SourceRecord: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(container)
        writer.write(number)
        // In key order, so equal records give equal bytes (the next stage's key is their digest).
        writer.write(fields.sorted { $0.key < $1.key }) { writer, field in
            writer.write(field.key)
            writer.write(field.value)
        }
        writer.write(title)
        writer.write(date)
        writer.write(agency)
    }

    public init(from reader: inout BinaryReader) throws {
        let container = try reader.readString(), number = try reader.readInt()
        let pairs = try reader.readArray { reader in (try reader.readString(), try reader.readString()) }
        self.init(container: container, number: number, fields: Dictionary(pairs, uniquingKeysWith: { _, last in last }))
        title = try reader.readOptionalString()
        date = try reader.readOptionalString()
        agency = try reader.readOptionalString()
    }
}

extension HTTPValidators: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(etag)
        writer.write(lastModified)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(etag: try reader.readOptionalString(), lastModified: try reader.readOptionalString())
    }
}

extension Diagnostic: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(raw: stage)
        writer.write(raw: severity)
        writer.write(code)
        writer.write(message)
        writer.write(line)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(stage: try reader.readRaw(), severity: try reader.readRaw(), code: try reader.readString(),
                  message: try reader.readString(), line: try reader.readOptionalInt())
    }
}

extension EncodingInfo.Evidence: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(from)
        writer.write(label)
        writer.write(encoding)
        writer.write(taken)
        writer.write(reason)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(from: try reader.readString(), label: try reader.readOptionalString(),
                  encoding: try reader.readOptionalString(), taken: try reader.readBool(), reason: try reader.readString())
    }
}

extension EncodingInfo: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(name)
        writer.write(declared)
        writer.write(raw: method)
        writer.write(invalidBytes)
        writer.write(evidence)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(name: try reader.readString(), declared: try reader.readOptionalString(), method: try reader.readRaw(),
                  invalidBytes: try reader.readInt(), evidence: try reader.readArray())
    }
}

extension TextLine: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(line)
        writer.write(text)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(line: try reader.readInt(), text: try reader.readString())
    }
}

extension SectionSpan: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(number)
        writer.write(heading)
        writer.write(headingLine)
        writer.write(start)
        writer.write(end)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(number: try reader.readInt(), heading: try reader.readString(), headingLine: try reader.readOptionalInt(),
                  start: try reader.readInt(), end: try reader.readInt())
    }
}

extension SourceGrid.Cell: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(text)
        writer.write(line)
        writer.write(spanned)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(text: try reader.readString(), line: try reader.readInt(), spanned: try reader.readBool())
    }
}

extension SourceGrid: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(rows) { $0.write($1) }
        writer.write(position)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(rows: try reader.readArray { try $0.readArray(Cell.self) }, position: try reader.readInt())
    }
}

extension DocumentText: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(raw: format)
        writer.write(title)
        writer.write(titleLine)
        writer.write(agency)
        writer.write(year)
        writer.write(published)
        writer.write(lines)
        writer.write(sections)
        writer.write(grids)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(format: try reader.readRaw(), title: try reader.readOptionalString(), titleLine: try reader.readOptionalInt(),
                  agency: try reader.readOptionalString(), year: try reader.readOptionalInt(),
                  published: try reader.readOptionalString(), lines: try reader.readArray(), sections: try reader.readArray(),
                  grids: try reader.readArray())
    }
}

extension ScriptInfo: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(raw: detected)
        writer.write(convertedTo)
        writer.write(converter)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(detected: try reader.readRaw(), convertedTo: try reader.readOptionalString(),
                  converter: try reader.readOptionalString())
    }
}

extension OriginalText: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(title)
        writer.write(lines)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(title: try reader.readOptionalString(), lines: try reader.readStrings())
    }
}

extension FetchedDocument: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(id)
        writer.write(source)
        writer.write(content)
        writer.write(validators)
        writer.write(diagnostics)
    }

    public init(from reader: inout BinaryReader) throws {
        let id = try reader.read(DocumentID.self)
        self.init(source: try reader.read(), content: try reader.readData(), validators: try reader.readOptional(),
                  diagnostics: try reader.readArray())
        self.id = id
    }
}

extension DecodedDocument: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(id)
        writer.write(source)
        writer.write(encoding)
        writer.write(text)
        writer.write(diagnostics)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(id: try reader.read(), source: try reader.read(), encoding: try reader.read(), text: try reader.readString(),
                  diagnostics: try reader.readArray())
    }
}

extension ExtractedDocument: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(id)
        writer.write(source)
        writer.write(encoding)
        writer.write(content)
        writer.write(diagnostics)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(id: try reader.read(), source: try reader.read(), encoding: try reader.read(), content: try reader.read(),
                  diagnostics: try reader.readArray())
    }
}

extension NormalizedDocument: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(id)
        writer.write(source)
        writer.write(encoding)
        writer.write(script)
        writer.write(content)
        writer.write(original)
        writer.write(diagnostics)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(id: try reader.read(), source: try reader.read(), encoding: try reader.read(), script: try reader.read(),
                  content: try reader.read(), original: try reader.readOptional(), diagnostics: try reader.readArray())
    }
}

// The report. Its JSON is the output line, encoded for it in every run; the work folder keeps the report in
// this form, a fraction of the JSON's size, read back without Foundation's JSON decoder.

extension Report.Section: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(number)
        writer.write(heading)
        writer.write(text)
        writer.write(line)
        writer.write(original)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(number: try reader.readInt(), heading: try reader.readString(), text: try reader.readString(),
                  line: try reader.readOptionalInt(), original: try reader.readOptionalString())
    }
}

extension Report.HeaderNode: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(label)
        writer.write(column)
        writer.write(children)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(label: try reader.readString(), column: try reader.readOptionalString(), children: try reader.readArray())
    }
}

extension Report.Cell: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(column)
        writer.write(value)
        writer.write(raw)
        writer.write(unit)
        writer.write(line)
        writer.write(flag) { $0.write(raw: $1) }
        writer.write(alternatives) { writer, alternatives in
            writer.write(alternatives) { $0.write($1) }
        }
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(column: try reader.readOptionalString(), value: try reader.readOptionalDouble(), raw: try reader.readString(),
                  unit: try reader.readOptionalString(), line: try reader.readInt(),
                  flag: try reader.readOptional { try $0.readRaw(Flag.self) },
                  alternatives: try reader.readOptional { try $0.readArray { try $0.readOptionalDouble() } })
    }
}

extension Report.Row: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(key)
        writer.write(label)
        writer.write(line)
        writer.write(cells)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(key: try reader.readOptionalString(), label: try reader.readString(), line: try reader.readOptionalInt(),
                  cells: try reader.readArray())
    }
}

extension Report.Check: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(rule)
        writer.write(column)
        writer.write(row)
        writer.write(ok)
        writer.write(left)
        writer.write(right)
        writer.write(missing) { $0.write($1) }
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(rule: try reader.readString(), column: try reader.readOptionalString(), row: try reader.readOptionalString(),
                  ok: try reader.readOptionalBool(), left: try reader.readOptionalDouble(), right: try reader.readOptionalDouble(),
                  missing: try reader.readOptional { try $0.readStrings() })
    }
}

extension Report.Table: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(key)
        writer.write(title)
        writer.write(template)
        writer.write(header)
        writer.write(rows)
        writer.write(grid) { $0.write($1) }
        writer.write(checks)
    }

    public init(from reader: inout BinaryReader) throws {
        self.init(key: try reader.readString(), title: try reader.readOptionalString(), template: try reader.readOptionalString(),
                  header: try reader.readArray(), rows: try reader.readArray(), grid: try reader.readArray { try $0.readStrings() },
                  checks: try reader.readArray())
    }
}

extension Report: BinaryStorable {
    public func write(to writer: inout BinaryWriter) {
        writer.write(id)
        writer.write(source)
        writer.write(encoding)
        writer.write(script)
        writer.write(title)
        writer.write(agency)
        writer.write(year)
        writer.write(published)
        writer.write(family)
        writer.write(template)
        writer.write(sections)
        writer.write(tables)
        writer.write(diagnostics)
    }

    public init(from reader: inout BinaryReader) throws {
        let id = try reader.read(DocumentID.self), source = try reader.read(Source.self)
        let encoding = try reader.read(EncodingInfo.self), script = try reader.read(ScriptInfo.self)
        let title = try reader.readOptionalString(), agency = try reader.readOptionalString(), year = try reader.readOptionalInt()
        let published = try reader.readOptionalString()
        self.init(id: id, source: source, encoding: encoding, script: script, title: title, agency: agency, year: year,
                  family: try reader.readString(), template: try reader.readOptionalString(), sections: try reader.readArray(),
                  tables: try reader.readArray(), diagnostics: try reader.readArray(), published: published)
    }
}
