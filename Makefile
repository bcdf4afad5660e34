# gemmbench — the two commands that matter: `make bench` and `make test`.
# Both install what they need (libopenblas-dev, pkg-config) on a fresh Debian machine.

SUITE ?= default
OUT ?= results
RELEASE_BIN := .build/release/gemmbench
SWIFT ?= swift

.PHONY: all deps mpi-deps plot-deps numa-deps blas-libraries-deps build test numa-check numa-check-negative fuzz sanitize bench bench-libraries plot info clean

all: build

# install_missing,PURPOSE[,APT_FLAGS]: the one install rule. Installs the packages the
# shell variable `missing` names (set just before, with a leading space each), only when
# some are missing; when not root, prints the command to run and stops.
define install_missing
if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" -ne 0 ]; then \
			echo "$(1) needs:$$missing: run  sudo apt-get update && sudo apt-get install -y$$missing" >&2; \
			exit 1; \
		fi; \
		echo "installing$$missing" >&2; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(2)$$missing; \
	fi
endef

# OpenBLAS's development package (headers, pkg-config file, libopenblas.so).
deps:
	@missing=""; \
	pkg-config --exists openblas 2>/dev/null || missing=" libopenblas-dev pkg-config"; \
	$(call install_missing,gemmbench)

# Open MPI and ScaLAPACK, for the second product gemmbench-mpi only (the core
# gemmbench never needs them).
mpi-deps:
	@missing=""; \
	{ pkg-config --exists ompi-c scalapack-openmpi 2>/dev/null && command -v mpirun >/dev/null 2>&1; } \
		|| missing=" libopenmpi-dev openmpi-bin libscalapack-openmpi-dev"; \
	$(call install_missing,gemmbench-mpi)

# QEMU, a Debian kernel, a static busybox, cpio and a static C library, for the
# emulated NUMA guests of numa-check only. Installed only when missing, as OpenBLAS is.
numa-deps:
	@missing=""; \
	command -v qemu-system-x86_64 >/dev/null 2>&1 || missing="$$missing qemu-system-x86"; \
	dpkg -s busybox-static >/dev/null 2>&1 || missing="$$missing busybox-static"; \
	ls /boot/vmlinuz-* >/dev/null 2>&1 || missing="$$missing linux-image-amd64"; \
	command -v cpio >/dev/null 2>&1 || missing="$$missing cpio"; \
	{ command -v gcc >/dev/null 2>&1 && [ -f /usr/lib/x86_64-linux-gnu/libc.a ]; } || missing="$$missing gcc libc6-dev"; \
	$(call install_missing,numa-check,--no-install-recommends)

# The other BLAS libraries, for bench-libraries only (gemmbench loads them at run time
# with --blas; the core never needs them): BLIS and the reference BLAS from Debian,
# installed only when missing, as OpenBLAS is; OpenBLAS 0.3.34 as the scipy-openblas32
# wheel, installed with pip into the project's own .blas/ (gitignored), never system-wide.
BLAS_DIR := .blas
SCIPY_OPENBLAS := $(BLAS_DIR)/python/scipy_openblas32/lib/libscipy_openblas.so
blas-libraries-deps:
	@missing=""; \
	dpkg -s libblis4-pthread >/dev/null 2>&1 || missing="$$missing libblis4-pthread"; \
	dpkg -s libblas3 >/dev/null 2>&1 || missing="$$missing libblas3"; \
	if [ ! -f $(SCIPY_OPENBLAS) ] && ! python3 -m pip --version >/dev/null 2>&1; then missing="$$missing python3-pip"; fi; \
	$(call install_missing,bench-libraries)
	@if [ ! -f $(SCIPY_OPENBLAS) ]; then \
		echo "installing the scipy-openblas32 wheel into $(BLAS_DIR)/python" >&2; \
		PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-deps \
			--target $(BLAS_DIR)/python scipy-openblas32 && test -f $(SCIPY_OPENBLAS); \
	fi

build: deps mpi-deps
	$(SWIFT) build -c release --product gemmbench
	$(SWIFT) build -c release --product gemmbench-mpi

# The MPI tests start mpirun themselves (see Tests/GemmbenchMPITests).
test: deps mpi-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The many-core paths without the hardware: the release gemmbench in emulated
# multi-socket NUMA guests (QEMU, TCG), placement, first touch, auto, chains and
# faults read back from the guest's kernel (NumaCheck/README.md). About 5 minutes
# on 2 cores. NUMA_CHECK_BREAK=bind-cpu0 (or 1) breaks placement on purpose: the
# run must then fail, naming the checks; numa-check-negative asserts exactly that.
NUMA_CHECK_BREAK ?=
numa-check: deps numa-deps
	NUMA_CHECK_BREAK='$(NUMA_CHECK_BREAK)' NumaCheck/run.sh

numa-check-negative: deps numa-deps
	NumaCheck/negative.sh

# libFuzzer targets in Fuzz/ (the .npy reader, suite files, result CSV, pipe records), each
# run for FUZZ_SECONDS; one line per target, non-zero exit and the input kept in
# Fuzz/crashes/ if one crashes. See Fuzz/README.md.
FUZZ_SECONDS ?= 60
fuzz: deps
	@Fuzz/build.sh
	@FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

# The process-pool, .npy, harness, results-CSV and verification tests (the check's unsafe-pointer
# loops over 200 random chains; the workers they start) under
# AddressSanitizer, in their own build folder. Leak reports from inside the toolchain's
# Foundation and XCTest libraries are suppressed (Tests/lsan-suppressions.txt); any other
# leak, and every memory error, fails the run.
SANITIZED_TESTS := ProcessPoolTests|NumpyIOTests|HarnessTests|ResultRowsTests|VerificationTests|VerificationPowerTests
# (--build-tests builds every test target, gemmbench-mpi's too: hence mpi-deps.)
sanitize: deps mpi-deps
	$(SWIFT) build --build-tests -Xswiftc -sanitize=address --scratch-path .build-asan
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt GEMMBENCH_POWER_CHAINS=200 \
		$(SWIFT) test --skip-build --scratch-path .build-asan --filter '$(SANITIZED_TESTS)'

# The default suite: sizes × worker counts × kernels × transports, chain presets × planners.
# Writes results/<run-id>/ and points results/latest at it; prints the speedup tables.
bench: build
	$(RELEASE_BIN) sweep --suite $(SUITE) --out $(OUT)

# Every BLAS library side by side (Benchmarks/suites/libraries.suite, 5:32 from a clean clone
# on 2 cores): installs BLIS, the reference BLAS and scipy-openblas first.
bench-libraries: build blas-libraries-deps
	$(RELEASE_BIN) sweep --suite libraries --out $(OUT)

info: build
	$(RELEASE_BIN) info

# gnuplot, for `make plot` and the chart test in `make test` (which skips without it).
plot-deps:
	@missing=""; \
	command -v gnuplot >/dev/null 2>&1 || missing=" gnuplot-nox"; \
	$(call install_missing,plots)

# Charts of results/latest into results/latest/plots/ (PNG for report.md, SVG beside
# each), from the plots/charts.gp the sweep wrote; report.md is rewritten to show them.
plot: build plot-deps
	$(RELEASE_BIN) report $(OUT)/latest > /dev/null
	gnuplot -e "dir='$(OUT)/latest'" $(OUT)/latest/plots/charts.gp
	$(RELEASE_BIN) report $(OUT)/latest > /dev/null

clean:
	rm -rf .build .build-fuzz .build-asan
