#!/usr/bin/env bash
# Recompute of a large region from stored facts (docs/performance.md, "Recompute"): 12 committees,
# 2,000 accounts, ten years of monthly ledgers and budgets (bench generates it), ingested into an
# in-memory Azurite and computed once (untimed); then timed, whole process: `regfin compute --period
# 2025-12` (one period), and the recompute of every open period (two years) that a new policy
# version from 2024-01-01 makes dirty (`regfin compute`).
#   bench/recompute.sh
#   COMMITTEES=6 ACCOUNTS=500 YEARS=3 bench/recompute.sh      # a smaller region
#   PORT=11000 bench/recompute.sh                             # Azurite on 11000–11002 (default 10000–10002)
#   KEEP=1 bench/recompute.sh                                 # leave Azurite running with the region stored;
#                                                             # the next KEEP=1 run on that port times again without the setup
# Each compute's log (--verbose: per period the rows written/unchanged and the step times) goes to
# $dir/*.log.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
committees=${COMMITTEES:-12}; accounts=${ACCOUNTS:-2000}; years=${YEARS:-10}
dir=${BENCH_DIR:-/tmp/regfin-bench}/region-$committees-$accounts-$years
port=${PORT:-10000}
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
[[ -f node_modules/azurite/dist/src/azurite.js ]] || npm ci --no-audit --no-fund >/dev/null
./regfin --help >/dev/null
policy=samples/inbox/finanspolicy/finanspolicy-2024-12-01.yaml
if [[ ! -d "$dir/ledger" ]]; then
  dotnet build -c Release bench/Regfin.Bench -o .build/bench --nologo -v quiet >/dev/null
  dotnet .build/bench/Regfin.Bench.dll generate-region --out "$dir" --committees "$committees" --accounts "$accounts" --years "$years" --policy "$policy"
fi
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==" # Azurite's published development key
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$((port + 1))/devstoreaccount1;TableEndpoint=http://127.0.0.1:$((port + 2))/devstoreaccount1;"
marker="$dir/azurite-$port.pid"   # a kept Azurite holding this region
if [[ -f "$marker" ]] && kill -0 "$(cat "$marker")" 2>/dev/null; then
  echo "reusing Azurite $(cat "$marker") on port $port with the region stored"
  setup=0
else
  # Ten years of facts are millions of entities in Azurite's in-memory store: give Node room.
  NODE_OPTIONS=--max-old-space-size=16384 node node_modules/azurite/dist/src/azurite.js --inMemoryPersistence \
    --blobPort "$port" --queuePort $((port + 1)) --tablePort $((port + 2)) --skipApiVersionCheck --loose --silent >/dev/null 2>&1 &
  echo $! > "$marker"
  setup=1
fi
azurite_pid=$(cat "$marker")
if [[ -z "${KEEP:-}" ]]; then
  trap 'kill -KILL "$azurite_pid" 2>/dev/null || true; rm -f "$marker"' EXIT
fi
for _ in $(seq 50); do (echo >/dev/tcp/127.0.0.1/$((port + 2))) 2>/dev/null && break; sleep 0.1; done
export Storage__Prefix=region
if [[ $setup == 1 ]]; then
  start=$(date +%s.%N)
  ./regfin ingest "$dir"/finanspolicy/*.yaml "$dir"/budget/*.csv "$dir"/ledger/*.csv --storage "$conn" >/dev/null
  ingested=$(date +%s.%N)
  ./regfin compute --verbose --storage "$conn" >/dev/null 2>"$dir/first-compute.log"
  computed=$(date +%s.%N)
  printf "setup: ingest %.0f s, first compute of every period %.0f s\n" "$(echo "$ingested - $start" | bc -l)" "$(echo "$computed - $ingested" | bc -l)"
fi
/usr/bin/time -o "$dir/time.txt" -f "one period (2025-12): %e s wall, %M KiB peak" ./regfin compute --period 2025-12 --verbose --storage "$conn" >/dev/null 2>"$dir/one-period.log"
cat "$dir/time.txt"
# A new policy version from 2024-01-01 (each run another name, so each is a new version of that day).
sed -e 's/^validFrom: .*/validFrom: 2024-01-01/' -e "s/^name: .*/name: Finanspolicy från 2024 ($(date +%s))/" "$policy" > "$dir/policy-2024.yaml"
./regfin ingest "$dir/policy-2024.yaml" --kind finanspolicy --storage "$conn" >/dev/null
/usr/bin/time -o "$dir/time.txt" -f "every open period (24 made dirty by a policy from 2024-01-01): %e s wall, %M KiB peak" ./regfin compute --verbose --storage "$conn" >/dev/null 2>"$dir/open-periods.log"
cat "$dir/time.txt"
