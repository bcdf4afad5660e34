import TestSupport
import Foundation
import Glibc
import Testing

/// `--blas PATH`: libraries built here from small C files, each wrong in one
/// way. A library that returns wrong results is caught by the product check
/// (FAIL, exit 1); one that crashes in a worker ends the run with exit 3 naming
/// it; one that is missing, lacks `cblas_dgemm` or takes 64-bit integers is
/// refused before any work (exit 2, one line).
@Suite("gemmbench --blas", .serialized)
struct BLASLibraryTests {
    /// A row-major, no-transpose CBLAS dgemm by plain loops; `DIM` is the integer
    /// type, `NAME` the symbol, `AFTER` runs after the product (m, n, C in scope).
    static func library(dimensionType: String = "int", name: String = "cblas_dgemm", after: String = "") -> String {
        """
        #include <stdint.h>
        #include <stdlib.h>
        #include <signal.h>
        typedef \(dimensionType) dim;
        void \(name)(int order, int ta, int tb, dim m, dim n, dim k, double alpha,
                     const double *a, dim lda, const double *b, dim ldb, double beta, double *c, dim ldc) {
            (void)order; (void)ta; (void)tb;
            for (dim i = 0; i < m; i++)
                for (dim j = 0; j < n; j++) {
                    double sum = 0;
                    for (dim p = 0; p < k; p++) sum += a[i * lda + p] * b[p * ldb + j];
                    c[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j]);
                }
            \(after)
        }
        """
    }

    /// Compiles `source` into a shared library in a fresh temporary folder; nil
    /// (the test is skipped) where there is no C compiler.
    static func build(_ source: String, named file: String) throws -> String? {
        guard access("/usr/bin/cc", X_OK) == 0 else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gemmbench-blas-\(getpid())-\(file)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sourcePath = folder.appendingPathComponent("\(file).c").path
        let libraryPath = folder.appendingPathComponent("lib\(file).so").path
        try source.write(toFile: sourcePath, atomically: true, encoding: .utf8)
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        compiler.arguments = ["-shared", "-fPIC", "-O1", "-o", libraryPath, sourcePath]
        try compiler.run()
        compiler.waitUntilExit()
        #expect(compiler.terminationStatus == 0, "cc failed on \(sourcePath)")
        return libraryPath
    }

    /// Removes what `build` made: the library's temporary folder.
    static func remove(_ library: String) {
        try? FileManager.default.removeItem(atPath: (library as NSString).deletingLastPathComponent)
    }

    @Test("a correct library given by path runs, verifies, and names itself in the row")
    func correctLibraryRuns() async throws {
        guard let path = try Self.build(Self.library(), named: "plainloops") else { return }
        defer { Self.remove(path) }
        let outcome = try await runGemmbench(["gemm", "--size", "96", "--workers", "2", "--blas", path, "--csv"])
        #expect(outcome.status == .exited(0), "stderr: \(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n")
        let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false) ?? []
        let cells = lines.last?.split(separator: ",", omittingEmptySubsequences: false) ?? []
        func cell(_ name: String) -> String? { header.firstIndex(of: Substring(name)).map { String(cells[$0]) } }
        #expect(cell("verdict") == "PASS")
        #expect(cell("blas_library") == path)
        #expect(cell("blas_core") == "generic")
    }

    @Test("a library that returns wrong results is caught: FAIL, exit 1, in one process and on workers")
    func wrongResultsFail() async throws {
        // Right on the load-time 2×1 probe, wrong by one part in 10⁶ in one entry of anything bigger.
        let source = Self.library(after: "if (m >= 8 && n >= 8) c[(m / 2) * ldc + n / 3] *= 1 + 1e-6;")
        guard let path = try Self.build(source, named: "wrongresults") else { return }
        defer { Self.remove(path) }
        for workers in ["0", "2"] {
            let outcome = try await runGemmbench(["gemm", "--size", "128", "--workers", workers, "--blas", path])
            #expect(outcome.status == .exited(1), "workers \(workers): stderr: \(outcome.stderr)")
            #expect(outcome.stdout.contains("FAIL"), "workers \(workers): stdout: \(outcome.stdout)")
        }
    }

    @Test("a library that crashes in a worker: exit 3, one line naming the library and the signal")
    func crashInWorker() async throws {
        let source = Self.library(after: "if (m >= 8) raise(SIGSEGV);")
        guard let path = try Self.build(source, named: "crashes") else { return }
        defer { Self.remove(path) }
        let outcome = try await runGemmbench(["gemm", "--size", "128", "--workers", "2", "--blas", path],
                                             timeout: 30)
        #expect(outcome.status == .exited(3), "stderr: \(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains(path), "the library is named: \(outcome.stderr)")
        #expect(outcome.stderr.contains("SIGSEGV"), "the signal is named: \(outcome.stderr)")
    }

    @Test("refused before any work with exit 2 and one line: missing file, missing symbol, 64-bit integers")
    func refusals() async throws {
        guard let wide = try Self.build(Self.library(dimensionType: "int64_t"), named: "ilp64"),
              let unnamed = try Self.build(Self.library(name: "something_else"), named: "nosymbol") else { return }
        defer { Self.remove(wide); Self.remove(unnamed) }
        let cases: [(arguments: [String], says: String)] = [
            (["--blas", "/nonexistent/libblas.so"], "not found"),
            (["--blas", unnamed], "has no cblas_dgemm"),
            (["--blas", wide], "64-bit integers"),
            (["--blas", unnamed, "--blas-prefix", "x_"], "has no x_cblas_dgemm"),
            (["--blas", "nosuchlibrary"], "is not openblas|blis|reference|scipy-openblas"),
        ]
        for (arguments, says) in cases {
            let outcome = try await runGemmbench(["gemm", "--size", "64"] + arguments)
            #expect(outcome.status == .exited(2), "\(arguments): stderr: \(outcome.stderr)")
            expectOneCleanLine(outcome.stderr)
            #expect(outcome.stderr.contains(says), "\(arguments): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty, "no work was done: \(outcome.stdout)")
        }
    }

    @Test("a prefixed library loads with --blas-prefix")
    func prefixedLibrary() async throws {
        guard let path = try Self.build(Self.library(name: "mine_cblas_dgemm"), named: "prefixed") else { return }
        defer { Self.remove(path) }
        let outcome = try await runGemmbench(["chain", "--dims", "64,48,80,32", "--blas", path, "--blas-prefix", "mine_",
                                              "--workers", "2", "--repeat", "1", "--min-time", "0"], timeout: 60)
        #expect(outcome.status == .exited(0), "stderr: \(outcome.stderr)")
        #expect(outcome.stdout.contains("PASS"))
    }

    @Test("the reference BLAS runs one thread: --threads 2 and --workers auto are refused with exit 2")
    func referenceRefusesThreads() async throws {
        guard access("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3", R_OK) == 0 else { return }
        let outcome = try await runGemmbench(["gemm", "--size", "64", "--blas", "reference", "--threads", "2"])
        #expect(outcome.status == .exited(2), "stderr: \(outcome.stderr)")
        expectOneCleanLine(outcome.stderr)
        #expect(outcome.stderr.contains("reference") && outcome.stderr.contains("one thread"))
        // --workers auto calibrates one process with several threads: refused alike, before calibrating.
        let auto = try await runGemmbench(["gemm", "--size", "64", "--blas", "reference", "--workers", "auto"])
        #expect(auto.status == .exited(2), "stderr: \(auto.stderr)")
        expectOneCleanLine(auto.stderr)
        #expect(auto.stderr.contains("--workers auto"))
    }

    @Test("known names: each row names the library, its version and kernel; the product is that library's")
    func knownLibraries() async throws {
        for (name, file) in [("reference", "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"),
                             ("blis", "/usr/lib/x86_64-linux-gnu/blis-pthread/libblis.so.4")]
        where access(file, R_OK) == 0 {
            let outcome = try await runGemmbench(["gemm", "--size", "128", "--workers", "1", "--blas", name, "--csv"])
            #expect(outcome.status == .exited(0), "\(name): stderr: \(outcome.stderr)")
            let lines = outcome.stdout.split(separator: "\n")
            let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false) ?? []
            let cells = lines.last?.split(separator: ",", omittingEmptySubsequences: false) ?? []
            func cell(_ column: String) -> String { header.firstIndex(of: Substring(column)).map { String(cells[$0]) } ?? "" }
            #expect(cell("blas_library") == name)
            #expect(!cell("blas_version").isEmpty && cell("blas_version") != "unknown", "\(name): \(cell("blas_version"))")
            #expect(cell("verdict") == "PASS")
            // BLIS names its architecture; the reference BLAS has none. Neither is an OpenBLAS core.
            #expect(name == "reference" ? cell("blas_core") == "generic" : !cell("blas_core").isEmpty)
        }
    }

    @Test("the OpenBLAS core choice applies to a loaded OpenBLAS too: --blas-core re-executes, the row shows the core")
    func coreChoiceReachesLoadedOpenBLAS() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        guard access(root + "/.blas/python/scipy_openblas32/lib/libscipy_openblas.so", R_OK) == 0,
              getenv("OPENBLAS_CORETYPE") == nil else { return }
        let outcome = try await runGemmbench(["--blas-core", "Nehalem", "gemm", "--size", "64", "--blas", "scipy-openblas",
                                              "--csv"])
        #expect(outcome.status == .exited(0), "stderr: \(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n")
        let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false) ?? []
        let cells = lines.last?.split(separator: ",", omittingEmptySubsequences: false) ?? []
        func cell(_ column: String) -> String { header.firstIndex(of: Substring(column)).map { String(cells[$0]) } ?? "" }
        #expect(cell("blas_library") == "scipy-openblas" && cell("blas_core") == "Nehalem", "\(outcome.stdout)")
    }
}
