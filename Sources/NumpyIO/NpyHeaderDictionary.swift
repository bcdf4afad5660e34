/// Validates the header dict `{'descr': '<f8', 'fortran_order': False, 'shape': (r, c), }`
/// the way numpy does (exactly these three keys, in any order) and narrows it to what
/// gemmbench accepts: float64 little-endian, C order, exactly 2-D, rows·cols·8 fitting an `Int`.
enum NpyHeaderDictionary {
    static let expectedKeys = ["descr", "fortran_order", "shape"]

    static func shape(fromHeader text: [UInt8], utf8: Bool, path: String) throws(NpyError) -> (rows: Int, cols: Int) {
        let values = try keyedValues(fromHeader: text, utf8: utf8, path: path)
        let (shape, fortranOrder) = try typedValues(values, utf8: utf8, path: path)
        return try acceptedShape(shape, fortranOrder: fortranOrder, path: path)
    }

    /// The header as a dict of exactly the expected keys, each once.
    private static func keyedValues(fromHeader text: [UInt8], utf8: Bool, path: String) throws(NpyError) -> [String: PythonLiteral] {
        let literal: PythonLiteral
        do {
            literal = try PythonLiteralParser.parse(text)
        } catch {
            throw NpyError(.malformedHeader, path: path,
                           "header does not parse as a Python dict: expected \(error.expected) at byte \(error.offset) of \(excerpt(text, utf8: utf8))")
        }
        guard case .dictionary(let entries) = literal else {
            throw NpyError(.malformedHeader, path: path, "header is not a dict: \(excerpt(text, utf8: utf8))")
        }
        var values: [String: PythonLiteral] = [:]
        for entry in entries {
            guard case .string(let keyBytes) = entry.key else {
                throw NpyError(.malformedHeader, path: path, "header dict has a non-string key: \(excerpt(text, utf8: utf8))")
            }
            let key = decode(keyBytes, utf8: utf8)
            guard expectedKeys.contains(key) else {
                throw NpyError(.malformedHeader, path: path,
                               "header has unexpected key '\(key)' (expected exactly 'descr', 'fortran_order', 'shape')")
            }
            guard values.updateValue(entry.value, forKey: key) == nil else {
                throw NpyError(.malformedHeader, path: path, "header has key '\(key)' twice")
            }
        }
        for key in expectedKeys where values[key] == nil {
            throw NpyError(.malformedHeader, path: path, "header lacks key '\(key)'")
        }
        return values
    }

    /// The three values' types, checked before any is interpreted (as numpy
    /// does): 'shape' a tuple of ints, 'fortran_order' a bool, 'descr' float64.
    private static func typedValues(_ values: [String: PythonLiteral], utf8: Bool, path: String) throws(NpyError)
        -> (shape: [Int], fortranOrder: Bool) {
        guard case .tuple(let shapeElements)? = values["shape"] else {
            throw NpyError(.malformedHeader, path: path, "header 'shape' is not a tuple of ints")
        }
        var shape: [Int] = []
        for element in shapeElements {
            guard case .integer(let extent) = element else {
                throw NpyError(.malformedHeader, path: path, "header 'shape' is not a tuple of ints")
            }
            shape.append(extent)
        }
        guard case .boolean(let fortranOrder)? = values["fortran_order"] else {
            throw NpyError(.malformedHeader, path: path, "header 'fortran_order' is not True or False")
        }
        switch values["descr"] {
        case .string(let descrBytes)?:
            let descr = decode(descrBytes, utf8: utf8)
            guard NpyDtype.acceptedFloat64.contains(descr) else {
                throw NpyError(.unsupportedDtype, path: path, NpyDtype.rejection(descr))
            }
        case .list?:
            throw NpyError(.unsupportedDtype, path: path,
                           "structured dtype is not supported (only little-endian float64, '<f8')")
        default:
            throw NpyError(.malformedHeader, path: path, "header 'descr' is not a dtype string")
        }
        return (shape, fortranOrder)
    }

    /// What gemmbench reads: C order, exactly 2-D, rows·cols·8 bytes fitting an `Int`.
    private static func acceptedShape(_ shape: [Int], fortranOrder: Bool, path: String) throws(NpyError) -> (rows: Int, cols: Int) {
        guard !fortranOrder else {
            throw NpyError(.fortranOrder, path: path,
                           "array is stored in Fortran (column-major) order; save a C-order array, e.g. np.save(path, np.ascontiguousarray(a))")
        }
        guard shape.count == 2 else {
            throw NpyError(.notTwoDimensional, path: path,
                           "expected a 2-D array, found shape \(pythonTuple(shape)) (\(shape.count)-D)")
        }
        let (rows, cols) = (shape[0], shape[1])
        guard rows >= 0, cols >= 0 else {
            throw NpyError(.malformedHeader, path: path, "shape \(pythonTuple(shape)) has a negative dimension")
        }
        let (elements, overflow1) = rows.multipliedReportingOverflow(by: cols)
        let (_, overflow2) = elements.multipliedReportingOverflow(by: MemoryLayout<Double>.size)
        guard !overflow1 && !overflow2 else {
            throw NpyError(.tooLarge, path: path, "shape \(pythonTuple(shape)) needs more than \(Int.max) bytes")
        }
        return (rows, cols)
    }

    /// `()`, `(3,)`, `(3, 4)`: the shape as Python prints it.
    static func pythonTuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    private static func decode(_ bytes: [UInt8], utf8: Bool) -> String {
        utf8 ? String(decoding: bytes, as: UTF8.self)
             : String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// The header text, trailing padding dropped and cut to 120 characters, quoted for a message.
    private static func excerpt(_ text: [UInt8], utf8: Bool) -> String {
        var end = text.count
        while end > 0, text[end - 1] == UInt8(ascii: " ") || text[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        var shown = decode(Array(text[..<end]), utf8: utf8)
        if shown.count > 120 { shown = String(shown.prefix(120)) + "…" }
        return "header \"\(shown)\""
    }
}
