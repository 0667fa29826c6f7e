#!/usr/bin/env bash
# The fuzz campaign (docs/reliability.md): every reader's harness under AFL++ for about SECONDS each.
#   bench/fuzz/run.sh 60                   # 60 s per harness, every harness
#   HARNESSES="sie xlsx" bench/fuzz/run.sh 30
# Installs what it needs (afl++ from Debian's packages, the SharpFuzz.CommandLine tool into .build/),
# publishes bench/fuzz/Regfin.Fuzz, instruments Regfin.Core and the CSV and YAML libraries with
# SharpFuzz, builds the seed corpus from samples/ and the test files, runs afl-fuzz per harness and
# copies what it found to .build/fuzz/findings/{harness}/ (reproduce: dotnet .build/fuzz/bin/Regfin.Fuzz.dll
# HARNESS --run FILE). Ends with the line "fuzz: N executions, M findings". Not part of CI (.ci/run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
secs=${1:-60}
[[ "$secs" =~ ^[0-9]+$ && "$secs" -gt 0 ]] || { echo "usage: bench/fuzz/run.sh SECONDS" >&2; exit 2; }
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work=.build/fuzz
mkdir -p "$work"

if ! command -v afl-fuzz >/dev/null; then
  echo "== afl++ (Debian's package)" >&2
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq afl++ >/dev/null
fi

if [[ ! -x "$work/tools/sharpfuzz" ]]; then
  echo "== SharpFuzz.CommandLine 2.3.0" >&2
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
fi

echo "== publish and instrument" >&2
# Instrumented code writes to AFL++'s coverage map, which exists only under afl-fuzz: bin/ stays plain
# (seeds, reproducing findings), afl/ is the instrumented copy.
rm -rf "$work/bin" "$work/afl"
dotnet publish bench/fuzz/Regfin.Fuzz -c Release -o "$work/bin" --nologo -v quiet -clp:"ErrorsOnly" >/dev/null
cp -r "$work/bin" "$work/afl"
for dll in Regfin.Core.dll Sep.dll Sylvan.Data.Csv.dll YamlDotNet.dll; do
  "$work/tools/sharpfuzz" "$work/afl/$dll" >/dev/null
done

echo "== seeds" >&2
rm -rf "$work/seeds"
dotnet "$work/bin/Regfin.Fuzz.dll" seeds "$PWD" "$work/seeds"

# AFL++ drives `dotnet Regfin.Fuzz.dll HARNESS` (SharpFuzz's out-of-process loop speaks its fork-server
# protocol); dotnet itself is not instrumented, hence the skipped binary check. The GC heap is capped
# at 1 GiB (the XLSX uncompressed limit of formats.md): more is a crash, so a finding.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export AFL_FAST_CAL=1 AFL_NO_CRASH_README=1 AFL_IGNORE_UNKNOWN_ENVS=1
export DOTNET_GCHeapHardLimit=0x40000000 DOTNET_TieredPGO=0
harnesses=${HARNESSES:-$(dotnet "$work/bin/Regfin.Fuzz.dll" list)}
rm -rf "$work/out" "$work/findings"
mkdir -p "$work/out"
total_execs=0; total_findings=0; total_paths=0
for h in $harnesses; do
  out="$work/out/$h"
  # -t: an input of at most 1 MiB may take a second (the contract); 5 s leaves room for the first run's JIT.
  afl-fuzz -i "$work/seeds/$h" -o "$out" -t 5000 -m none -V "$secs" -- dotnet "$work/afl/Regfin.Fuzz.dll" "$h" \
    >"$work/$h.log" 2>&1 || { echo "afl-fuzz failed for $h (see $work/$h.log):" >&2; tail -5 "$work/$h.log" >&2; }
  stats="$out/default/fuzzer_stats"
  field() { sed -n "s/^$1 *: *//p" "$stats" 2>/dev/null | head -1 || true; }
  execs=$(field execs_done); paths=$(field corpus_count); crashes=$(field saved_crashes); hangs=$(field saved_hangs)
  execs=${execs:-0}; paths=${paths:-0}; crashes=${crashes:-0}; hangs=${hangs:-0}
  if (( crashes + hangs > 0 )); then
    mkdir -p "$work/findings/$h"
    cp "$out"/default/crashes/id* "$out"/default/hangs/id* "$work/findings/$h/" 2>/dev/null || true
  fi
  printf '%-24s %10s executions %6s paths %3s crashes %3s hangs\n' "$h" "$execs" "$paths" "$crashes" "$hangs"
  total_execs=$((total_execs + execs)); total_paths=$((total_paths + paths)); total_findings=$((total_findings + crashes + hangs))
done
echo "paths: $total_paths; findings (if any) in $work/findings/"
echo "fuzz: $total_execs executions, $total_findings findings"
