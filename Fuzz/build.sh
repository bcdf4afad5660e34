#!/usr/bin/env bash
# Builds every libFuzzer target Fuzz/<Name>.swift into .build-fuzz/fuzz-<Name>.
#
# A target tests the module it imports (the first `import X` / `@testable import X` with a
# Sources/X folder). SwiftPM builds that module and its dependencies with coverage
# instrumentation, AddressSanitizer and -enable-testing (so targets may reach `internal`
# parsers), each module in its own scratch folder; swiftc then links the entry file against
# the object files found there. Nothing here lists a module's files or dependencies, so
# the build keeps working while modules gain, lose or move files.
#
# Fuzz/Support/*.swift (checks every target uses) is compiled into each target.
#
# Usage: Fuzz/build.sh [Name...]     (default: every Fuzz/*.swift)
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
SWIFTC=${SWIFTC:-swiftc}
# Release code runs each input several times faster; -enable-testing keeps internals visible.
CONFIGURATION=${FUZZ_CONFIGURATION:-release}
SANITIZERS=fuzzer,address
OUT=.build-fuzz

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for file in Fuzz/*.swift; do names+=("$(basename "$file" .swift)"); done
fi

tested_module() {
    sed -n -E 's/^(@testable )?import ([A-Za-z0-9_]+).*/\2/p' "$1" | while read -r module; do
        if [ -d "Sources/$module" ]; then echo "$module"; break; fi
    done
}

# An object in <scratch>/<configuration>/<Target>.build/ whose source file is still in
# Sources/<Target>/. The scratch folder outlives source moves and renames; linking an object
# left from a file that is gone would bring back old code (duplicate or missing symbols).
has_current_source() {
    local target source
    target=$(basename "$(dirname "$1")" .build)
    source=$(basename "$1" .o)
    [ -d "Sources/$target" ] && [ -n "$(find "Sources/$target" -name "$source" -print -quit)" ]
}

for name in "${names[@]}"; do
    entry=Fuzz/$name.swift
    module=$(tested_module "$entry")
    if [ -z "$module" ]; then
        echo "fuzz build: $entry imports no module from Sources/" >&2
        exit 1
    fi
    scratch=$OUT/$module
    "$SWIFT" build --quiet -c "$CONFIGURATION" --scratch-path "$scratch" --target "$module" \
        -Xswiftc -sanitize=$SANITIZERS -Xswiftc -enable-testing
    products=$scratch/$CONFIGURATION

    # C modules the Swift modules import: C targets (SwiftPM writes their module maps under
    # <target>.build/) and system libraries (Sources/<name>/module.modulemap, with the
    # OpenBLAS headers they include).
    clang_flags=()
    for map in "$products"/*.build/module.modulemap Sources/*/module.modulemap; do
        if [ -e "$map" ]; then clang_flags+=(-Xcc "-fmodule-map-file=$map"); fi
    done
    for flag in $(pkg-config --cflags openblas 2>/dev/null); do clang_flags+=(-Xcc "$flag"); done

    objects=()
    while read -r object; do
        if has_current_source "$object"; then objects+=("$object"); fi
    done < <(find "$products"/ -path '*.build/*.o' | sort)
    "$SWIFTC" -sanitize=$SANITIZERS -parse-as-library -g -O -use-ld=lld \
        -I "$products/Modules" "${clang_flags[@]}" \
        "$entry" Fuzz/Support/*.swift "${objects[@]}" -o "$OUT/fuzz-$name"
done
