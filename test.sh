#!/usr/bin/env bash
# Runs every TensorGen test and ends with one line: "N passed, M failed, K skipped".
#
#   1. the whole property suite (laws, kernels vs the oracle, edge cases, generator tests) on this machine;
#   2. the kernel properties again with DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0 and
#      DOTNET_EnableHWIntrinsic=0, so the 256-bit, 128-bit and scalar paths each run as the default;
#   3. the kernel properties as a linux-arm64 self-contained build under qemu-aarch64 (NEON paths),
#      skipped with a note when qemu-aarch64 or the arm64 C library is absent;
#   4. the ShortestPaths sample end to end, good and bad input, and the other samples (GgufInfo on good and bad files);
#   5. the packed TensorGen package restored by a consumer as a user would, giving identical output;
#   6. the sample baked from a profile, and published with NativeAOT for this CPU, printing the same bytes.
#
# Options: --quick (fewer FsCheck cases per property), --no-arm (skip the qemu leg).
# Long sweeps: TENSORGEN_FSCHECK_MAX_TESTS=N raises the number of cases per property.
set -uo pipefail
cd "$(dirname "$0")"

quick=0
arm=1
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --no-arm) arm=0 ;;
    *) echo "test.sh: unknown option '$arg' (expected --quick or --no-arm)" >&2; exit 2 ;;
  esac
done

passed=0; failed=0; skipped=0
max_tests="${TENSORGEN_FSCHECK_MAX_TESTS:-}"
[[ -z "$max_tests" && $quick == 1 ]] && max_tests=20
fscheck_args=()
[[ -n "$max_tests" ]] && fscheck_args=(--fscheck-max-tests "$max_tests")

log_dir=artifacts/test-logs
mkdir -p "$log_dir"

note() { printf '\n== %s\n' "$*"; }

# Adds the counts from an Expecto summary line ("... N passed, I ignored, F failed, E errored ...").
# A leg that printed no summary (it crashed or did not build) counts as one failure.
count_expecto() {
  local log="$1" leg="$2" line
  line=$(sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$log" | grep -aoE '[0-9,]+ passed, [0-9,]+ ignored, [0-9,]+ failed, [0-9,]+ errored' | tail -1 | tr -d ',')
  if [[ -z "$line" ]]; then
    echo "   $leg: no test summary (see $log)"; tail -20 "$log"
    failed=$((failed + 1)); return
  fi
  read -r p _ i _ f _ e _ <<<"$line"
  passed=$((passed + p)); skipped=$((skipped + i)); failed=$((failed + f + e))
  echo "   $leg: $p passed, $((f + e)) failed, $i skipped"
  if (( f + e > 0 )); then sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$log" | grep -aE -A8 'ERR\]' | head -60; fi
}

check() { # check NAME COMMAND... : a shell-level test that passes when the command succeeds
  local name="$1"; shift
  if "$@" >>"$log_dir/checks.log" 2>&1; then passed=$((passed + 1)); echo "   ok   $name"
  else failed=$((failed + 1)); echo "   FAIL $name (see $log_dir/checks.log)"; fi
}

note "build (Release)"
if ! dotnet build -c Release TensorGen.sln -v minimal -nologo > "$log_dir/build.log" 2>&1; then
  tail -40 "$log_dir/build.log"
  echo "build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi
suite=artifacts/bin/TensorGen.Properties/release/TensorGen.Properties.dll

note "property suite, default ISA ($(dotnet --version))"
dotnet "$suite" "${fscheck_args[@]}" > "$log_dir/default.log" 2>&1
count_expecto "$log_dir/default.log" "all tests"

# The lists that exercise kernel paths (Expecto --filter prefixes): semiring kernels (incl. bit-packed),
# the thread-count invariance tests and the precision family.
path_lists=(TensorGen.kernels TensorGen.threads TensorGen.precision TensorGen.permutation TensorGen.clifford TensorGen.equivariant)
# Under qemu: the same lists less the generator tests (see the arm64 leg below).
arm_lists=(TensorGen.kernels TensorGen.threads TensorGen.precision.codecs TensorGen.precision.kernels TensorGen.precision.gemm TensorGen.precision.packed TensorGen.permutation.kernels TensorGen.clifford.kernels TensorGen.equivariant.kernels)
for leg in EnableAVX512 EnableAVX2 EnableHWIntrinsic; do
  note "kernel properties with DOTNET_$leg=0"
  for list in "${path_lists[@]}"; do
    env "DOTNET_$leg=0" dotnet "$suite" --filter "$list" "${fscheck_args[@]}" > "$log_dir/$leg-$list.log" 2>&1
    count_expecto "$log_dir/$leg-$list.log" "DOTNET_$leg=0, $list"
  done
done

note "kernel properties on linux-arm64 under qemu-aarch64 (NEON)"
if [[ $arm == 0 ]]; then
  echo "   skipped: --no-arm"; skipped=$((skipped + 1))
elif ! command -v qemu-aarch64 >/dev/null || [[ ! -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ]]; then
  echo "   skipped: qemu-aarch64 or the arm64 C/C++ libraries are missing (apt-get install -y qemu-user libc6-arm64-cross libstdc++6-arm64-cross)"
  skipped=$((skipped + 1))
elif ! dotnet publish properties/TensorGen.Properties.fsproj -c Release -r linux-arm64 --self-contained \
        -o artifacts/arm64 -nologo -v minimal > "$log_dir/arm64-publish.log" 2>&1; then
  tail -20 "$log_dir/arm64-publish.log"; echo "   arm64 publish failed"; failed=$((failed + 1))
else
  # .NET's W^X double mapping of JIT code (on by default since .NET 7) makes qemu-user 7.2 crash at random with
  # SIGSEGV (seen in CI at the first test, and in the multithreaded tests): DOTNET_EnableWriteXorExecute=0 turns it
  # off for the emulated process only. The generator tests stay on x86: Roslyn hashes sources through libssl, which
  # the arm64 cross libraries do not ship, and the generator has no ISA-dependent code. An emulator crash that
  # leaves no summary is retried once, and the retry is said; a test failure is never retried.
  # Two lists at a time: each emulated process runs its tests one after another (--sequenced) and keeps about one
  # core busy, so pairs halve the leg's wall time on two cores. Counting waits until all are done, in list order.
  run_arm_list() {
    local list="$1" attempt rc
    for attempt in 1 2; do
      DOTNET_EnableWriteXorExecute=0 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_TieredCompilation=0 \
        timeout 1800 qemu-aarch64 -L /usr/aarch64-linux-gnu artifacts/arm64/TensorGen.Properties \
          --filter "$list" --sequenced --fscheck-max-tests "${max_tests:-10}" > "$log_dir/arm64-$list.log" 2>&1
      rc=$?
      if (( rc >= 128 && attempt == 1 )) && ! grep -aq 'EXPECTO!' "$log_dir/arm64-$list.log"; then
        echo "   linux-arm64 (qemu), $list: the emulated process died (exit $rc) before its summary; retried once" > "$log_dir/arm64-$list.retried"
        cp "$log_dir/arm64-$list.log" "$log_dir/arm64-$list.crash.log"; continue
      fi
      break
    done
  }
  for list in "${arm_lists[@]}"; do
    rm -f "$log_dir/arm64-$list.retried"
    while (( $(jobs -rp | wc -l) >= 2 )); do wait -n; done
    run_arm_list "$list" &
  done
  wait
  for list in "${arm_lists[@]}"; do
    [[ -e "$log_dir/arm64-$list.retried" ]] && cat "$log_dir/arm64-$list.retried"
    count_expecto "$log_dir/arm64-$list.log" "linux-arm64 (qemu), $list"
  done
fi

note "ShortestPaths sample"
sample=(dotnet artifacts/bin/ShortestPaths/release/ShortestPaths.dll)
tmp=$(mktemp -d)
printf 'p sp 3 2\na 1 2 5\nthis is not an arc\n' > "$tmp/malformed.gr"
printf 'p sp -3 2\n' > "$tmp/negative.gr"
printf 'p sp 3 1\na 1 7 5\n' > "$tmp/range.gr"
one_line_error() { # exits non-zero, prints exactly one line on stderr, no stack trace
  local err; err=$("${sample[@]}" "$@" 2>&1 >/dev/null); local rc=$?
  [[ $rc -ne 0 && $(wc -l <<<"$err") -eq 1 && "$err" != *"   at "* && "$err" != *Exception* ]]
}
check "sample runs on its shipped graph" "${sample[@]}"
check "sample rejects a missing file" one_line_error "$tmp/does-not-exist.gr"
check "sample rejects a malformed line" one_line_error "$tmp/malformed.gr"
check "sample rejects negative sizes" one_line_error "$tmp/negative.gr"
check "sample rejects node ids out of range" one_line_error "$tmp/range.gr"
check "sample names the malformed line number" bash -c "'${sample[0]}' '${sample[1]}' '$tmp/malformed.gr' 2>&1 | grep -q 3"

check "QuantizedMlp sample runs (Q4_0 and bf16 weights against f32)" dotnet artifacts/bin/QuantizedMlp/release/QuantizedMlp.dll 64
check "EquivariantLayer sample: invariant output unchanged by 8 random O(3) elements (inversions included)" \
  dotnet artifacts/bin/EquivariantLayer/release/EquivariantLayer.dll --check-rotations

ggufinfo=(dotnet artifacts/bin/GgufInfo/release/GgufInfo.dll)
printf 'GGUF\001\000\000\000' > "$tmp/v1.gguf"
printf 'not a model' > "$tmp/not.gguf"
gguf_rejects() { # GgufInfo exits 1 with one line on stderr that names the field, no stack trace
  local field="$1"; shift
  local err; err=$("${ggufinfo[@]}" "$@" 2>&1 >/dev/null); local rc=$?
  [[ $rc -eq 1 && $(wc -l <<<"$err") -eq 1 && "$err" == *"$field"* && "$err" != *"   at "* ]]
}
check "GgufInfo sample writes, lists and multiplies its own Q4_0 file" "${ggufinfo[@]}"
check "GgufInfo rejects a file that is not GGUF (magic)" gguf_rejects magic "$tmp/not.gguf"
check "GgufInfo rejects a GGUF v1 file (version)" gguf_rejects version "$tmp/v1.gguf"

# ---- begin: ShortestPaths.Tests (the sample's semirings verified through TensorGen.Testing under xUnit) ----
# One leg; its xUnit counts ("Failed: F, Passed: P, Skipped: S") are added to the totals.
note "ShortestPaths.Tests (xUnit + TensorGen.Testing: laws and every kernel of Distance and Capacity)"
dotnet test samples/ShortestPaths.Tests -c Release --nologo > "$log_dir/sample-tests.log" 2>&1
sample_line=$(sed 's/\x1b\[[0-9;]*m//g' "$log_dir/sample-tests.log" | grep -aoE 'Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+' | tail -1)
if [[ -z "$sample_line" ]]; then
  echo "   sample tests: no test summary (see $log_dir/sample-tests.log)"; tail -20 "$log_dir/sample-tests.log"
  failed=$((failed + 1))
else
  read -r sample_f sample_p sample_s <<<"$(grep -oE '[0-9]+' <<<"$sample_line" | tr '\n' ' ')"
  passed=$((passed + sample_p)); failed=$((failed + sample_f)); skipped=$((skipped + sample_s))
  echo "   sample tests: $sample_p passed, $sample_f failed, $sample_s skipped"
  if (( sample_f > 0 )); then grep -aE '\[FAIL\]|failed\.|Seed = ' "$log_dir/sample-tests.log" | head -20; fi
fi
# ---- end: ShortestPaths.Tests ----

note "packaged consumer (dotnet pack, then the sample restored from the package)"
rm -rf artifacts/package artifacts/consumer-packages artifacts/consumer
check "TensorGen packs with its generator under analyzers/dotnet/cs" bash -c \
  "dotnet pack kernels/TensorGen.csproj -c Release -o artifacts/package -nologo -v quiet && unzip -l artifacts/package/TensorGen.0.1.0.nupkg | grep -q 'analyzers/dotnet/cs/TensorGen.Generators.dll'"
check "the sample builds against the package and prints the same table" bash -c \
  "dotnet build samples/ShortestPaths/ShortestPaths.csproj -c Release -nologo -v quiet -p:UseTensorGenPackage=true \
     -p:RestoreAdditionalProjectSources=$PWD/artifacts/package -p:RestorePackagesPath=$PWD/artifacts/consumer-packages \
     -o artifacts/consumer && diff <(dotnet artifacts/consumer/ShortestPaths.dll) <(${sample[*]})"
note "ShortestPaths baked from profiles/epyc-zen3-avx2.tensorgen-profile.json: prints the same bytes as the unbaked build"
# 300 nodes: the shipped 16-node graph is below the closure's GEMM threshold, so only a larger graph runs the baked kernel.
awk 'BEGIN { srand(7); for (i = 0; i < 300; i++) for (j = 0; j < 6; j++) { v = int(rand() * 300); if (v != i) printf "%d %d %d\n", i, v, 1 + int(rand() * 50) } }' > "$tmp/g300.txt"
check "the sample builds baked (-p:TensorGenProfile) into artifacts/baked-sample" \
  dotnet build samples/ShortestPaths/ShortestPaths.csproj -c Release -nologo -v quiet \
    -p:TensorGenProfile=profiles/epyc-zen3-avx2.tensorgen-profile.json -o artifacts/baked-sample
baked=(dotnet artifacts/baked-sample/ShortestPaths.dll)
check "the baked build reports its GEMM baked for Vector256" bash -c "${baked[*]} --kernels | grep -q '^Distance: GEMM baked for Vector256'"
check "the unbaked build reports run-time dispatch" bash -c "${sample[*]} --kernels | grep -q '^Distance: GEMM dispatched at run time'"
for args in "" "$tmp/g300.txt" "--widest $tmp/g300.txt"; do
  check "baked and unbaked print identical bytes (${args:-town-16.gr})" bash -c "cmp <(${baked[*]} $args) <(${sample[*]} $args)"
done

note "ShortestPaths as NativeAOT for this CPU (IlcInstructionSet=native): the JIT build's path and bytes"
case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; *) rid="" ;; esac
linker=$(command -v clang || command -v gcc || true)
if [[ -z "$rid" || -z "$linker" ]]; then
  echo "   skipped: NativeAOT needs linux-x64 or linux-arm64 and a C linker (clang or gcc)"; skipped=$((skipped + 1))
else
  check "the sample publishes with NativeAOT into artifacts/aot-sample" \
    dotnet publish samples/ShortestPaths/ShortestPaths.csproj -c Release -r "$rid" -nologo -v quiet \
      -p:ShortestPathsAot=true -p:IlcInstructionSet=native -o artifacts/aot-sample
  aot=(artifacts/aot-sample/ShortestPaths)
  check "the AOT build runs the JIT build's vector path, without a narrower-path warning" \
    bash -c "diff <(${aot[*]} --kernels) <(${sample[*]} --kernels)"
  for args in "" "$tmp/g300.txt" "--widest $tmp/g300.txt"; do
    check "AOT and JIT print identical bytes (${args:-town-16.gr})" bash -c "cmp <(${aot[*]} $args) <(${sample[*]} $args)"
  done
fi
rm -rf "$tmp"

echo
echo "logs: $log_dir"
echo "$passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
