import ResultRows

/// The line format shared by suite and tolerance files:
///
///     # a comment (from '#' to the end of the line)
///     key = value1, value2        # a list: items split on ',' and trimmed
///     [section]                   # starts a section; later keys belong to it
///
/// Blank lines are ignored. Every entry remembers its line so errors can name it.
struct KeyValueFile {
    struct Assignment {
        let key: String
        let items: [String]
        let line: Int
        /// The whole value as written (trimmed, commas kept): for a key whose
        /// value is one string, such as `mpirun_args = --mca btl self,tcp`.
        let value: String
    }

    struct Section {
        /// "" for the keys before the first `[section]` line.
        let name: String
        let line: Int
        var assignments: [Assignment] = []
    }

    let path: String
    /// The top-level section first (name ""), then each `[name]` section in order.
    let sections: [Section]

    /// One line that says something, handed to `init`'s `check` as it is read.
    enum Entry {
        case section(Section)
        case assignment(Assignment)
    }

    /// Splits `text` into sections and assignments. Rejects a line that is
    /// neither, an empty key, an empty value or list item, and a key repeated
    /// within one section. `check` sees each section header and assignment as
    /// it is read, so a reader's own rule stops at the first bad line rather
    /// than after the whole file. Linear in the file's length: a 200,000-line
    /// file with a mistake on line 2 stops there.
    init(text: String, path: String,
         check: (Entry) throws(FileLineError) -> Void = { _ throws(FileLineError) in }) throws(FileLineError) {
        self.path = path
        var sections = [Section(name: "", line: 0)]
        // The line each key of the current section was set on (duplicates, in O(1)).
        var keyLines: [String: Int] = [:]
        let text = text.replacing("\r\n", with: "\n")
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            func fail(_ message: String) -> FileLineError { FileLineError(file: path, line: number, message: message) }
            let content = (rawLine.firstIndex(of: "#").map { rawLine[..<$0] } ?? rawLine[...]).trimmed
            if content.isEmpty { continue }
            if content.hasPrefix("[") {
                guard content.hasSuffix("]"), content.count > 2 else { throw fail("malformed section header \(quotedInput(content))") }
                let section = Section(name: String(content.dropFirst().dropLast()).trimmed, line: number)
                try check(.section(section))
                sections.append(section)
                keyLines = [:]
                continue
            }
            guard let equals = content.firstIndex(of: "=") else {
                throw fail("expected 'key = value' or '[section]', found \(quotedInput(content))")
            }
            let key = content[..<equals].trimmed
            let value = content[content.index(after: equals)...].trimmed
            guard !key.isEmpty else { throw fail("missing key before '='") }
            guard !value.isEmpty else { throw fail("\(quotedInput(key)) has an empty list") }
            let items = value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmed }
            guard !items.contains("") else { throw fail("\(quotedInput(key)) has an empty item in \(quotedInput(value))") }
            if let previous = keyLines[key] { throw fail("duplicate key \(quotedInput(key)) (first set on line \(previous))") }
            keyLines[key] = number
            let assignment = Assignment(key: key, items: items, line: number, value: value)
            try check(.assignment(assignment))
            sections[sections.count - 1].assignments.append(assignment)
        }
        self.sections = sections
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (and a stray CR from CRLF files).
    var trimmed: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = lastIndex(where: { !isBlank($0) })!
        return String(self[first...last])
    }
}
