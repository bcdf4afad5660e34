import Testing
import NumpyIO
import TestSupport

/// Both directions against the real numpy (python3 + numpy are required here and on CI; a
/// missing numpy fails these tests rather than skipping them, so interop is never untested).
/// Values are compared bit for bit through raw `tobytes()` dumps.
@Suite struct NumpyInteropTests {
    @Test func numpyLoadsWhatWeWrite() throws {
        try withTemporaryDirectory { directory throws in
            let shapes = [(1, 1), (3, 4), (5, 2), (0, 3)]
            for (index, (rows, cols)) in shapes.enumerated() {
                // A strided source, so the packing path is what numpy sees.
                let ld = cols + 2
                let values = awkwardValues(count: rows * cols, seed: UInt64(index))
                var source = [Double](repeating: 99, count: max(rows * ld, 1))
                for i in 0..<rows { for j in 0..<cols { source[i * ld + j] = values[i * cols + j] } }
                try source.withUnsafeBufferPointer { buffer throws in
                    try Npy.writeAtomically(path: "\(directory)/ours\(index).npy", rows: rows, cols: cols,
                                            from: buffer.baseAddress!, leadingDimension: ld)
                }
            }
            let script = """
            import sys, numpy as np, numpy.lib.format as fmt
            d, n = sys.argv[1], int(sys.argv[2])
            for i in range(n):
                path = f"{d}/ours{i}.npy"
                with open(path, "rb") as f:
                    version = fmt.read_magic(f)
                    shape, fortran, dtype = fmt.read_array_header_1_0(f)
                    assert version == (1, 0) and f.tell() % 64 == 0, (version, f.tell())
                a = np.load(path)
                assert a.dtype == np.dtype("<f8") and a.flags.c_contiguous, (a.dtype, a.flags)
                print(a.shape[0], a.shape[1])
                open(f"{d}/ours{i}.raw", "wb").write(a.tobytes())
            """
            let output = try runPython(script, [directory, String(shapes.count)])
            #expect(output == shapes.map { "\($0.0) \($0.1)\n" }.joined())
            for (index, (rows, cols)) in shapes.enumerated() {
                let raw = try readFileBytes("\(directory)/ours\(index).raw")
                #expect(raw == littleEndianBytes(awkwardValues(count: rows * cols, seed: UInt64(index))), "shape (\(rows), \(cols))")
            }
        }
    }

    @Test func weReadWhatNumpyWritesAndRefuseWhatWeShould() throws {
        try withTemporaryDirectory { directory throws in
            let script = """
            import sys, numpy as np, numpy.lib.format as fmt
            d = sys.argv[1]
            rng = np.random.default_rng(7)
            arrays = {
                "square": rng.standard_normal((4, 4)),
                "wide": rng.standard_normal((2, 9)) * 1e300,
                "tall": rng.integers(-5, 5, (7, 1)).astype(np.float64),
                "one": np.array([[np.nan]]),
                "sliced": rng.standard_normal((6, 8))[::2, 1:6],  # np.save makes it contiguous
                "bits": np.frombuffer(rng.bytes(8 * 15), dtype="<f8").reshape(3, 5),
            }
            for name, a in arrays.items():
                np.save(f"{d}/{name}.npy", a)
                open(f"{d}/{name}.raw", "wb").write(np.ascontiguousarray(a).tobytes())
                print(name, a.shape[0], a.shape[1])
            for version in [(2, 0), (3, 0)]:
                name = f"v{version[0]}"
                a = rng.standard_normal((3, 2))
                with open(f"{d}/{name}.npy", "wb") as f:
                    fmt.write_array(f, a, version=version)
                open(f"{d}/{name}.raw", "wb").write(a.tobytes())
                print(name, 3, 2)
            # Arrays numpy writes that gemmbench must refuse.
            np.save(f"{d}/float32.npy", np.zeros((2, 2), np.float32))
            np.save(f"{d}/fortran.npy", np.asfortranarray(np.zeros((2, 3))))
            np.save(f"{d}/vector.npy", np.zeros(5))
            np.save(f"{d}/bigendian.npy", np.zeros((2, 2), ">f8"))
            """
            let output = try runPython(script, [directory])
            let expected = [("square", 4, 4), ("wide", 2, 9), ("tall", 7, 1), ("one", 1, 1), ("sliced", 3, 5), ("bits", 3, 5),
                            ("v2", 3, 2), ("v3", 3, 2)]
            #expect(output == expected.map { "\($0.0) \($0.1) \($0.2)\n" }.joined())
            for (name, rows, cols) in expected {
                let loaded = try Npy.read(path: "\(directory)/\(name).npy")
                #expect(loaded.rows == rows && loaded.cols == cols, "\(name)")
                #expect(littleEndianBytes(loaded.values) == (try readFileBytes("\(directory)/\(name).raw")), "\(name)")
            }

            let refused: [(String, NpyError.Kind, String)] = [
                ("float32", .unsupportedDtype, "'<f4' (float32)"),
                ("fortran", .fortranOrder, "Fortran"),
                ("vector", .notTwoDimensional, "(5,)"),
                ("bigendian", .unsupportedDtype, "'>f8'"),
            ]
            for (name, kind, phrase) in refused {
                let path = "\(directory)/\(name).npy"
                expectNpyError(kind, path: path, mentioning: [phrase]) { () throws(NpyError) in _ = try Npy.readHeader(path: path) }
            }
        }
    }
}
