#!/usr/bin/env bash
# Prints one Markdown table row per algorithm for a data set: Recall@20, NDCG@20, training seconds and the
# peak RSS of the whole evaluation process (GNU time's "Maximum resident set size").
#
#   scripts/model-table.sh gowalla|ml-100k|ml-latest-small ALGO[:key=value;key=value...] ...
#
# gowalla:          the fixed LightGCN split (train.reconstructed.txt.gz / test.txt)
# ml-100k:          folds u1..u5, relevant = test rating >= 4; means over the folds (memory: the largest)
# ml-latest-small:  per-user random 80/20 holdout, seed 42, relevant = held-out rating >= 4
# Data come from $SWARMREC_DATA (default: ../shared/data beside the checkout).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=${SWARMREC_DATA:-$root/../shared/data}
set_name=${1:?usage: model-table.sh DATASET ALGO[:k=v;...] ...}
shift
command -v /usr/bin/time >/dev/null || { echo "model-table: GNU time (/usr/bin/time) is required" >&2; exit 1; }

one() { # args: eval args...; prints "recall ndcg train_s rss_mb"
  local out err
  out=$(mktemp) err=$(mktemp)
  if ! /usr/bin/time -v "$root/swarmrec" eval --json --k 20 "$@" >"$out" 2>"$err"; then
    echo "model-table: eval failed: $*" >&2; grep -v '^\s' "$err" | tail -3 >&2; rm -f "$out" "$err"; return 1
  fi
  python3 - "$out" "$err" <<'PY'
import json, re, sys
j = json.load(open(sys.argv[1]))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(sys.argv[2]).read()).group(1))
m = j["metrics"]
print(m["recall@20"], m["ndcg@20"], j["train_seconds"], rss / 1024)
PY
  rm -f "$out" "$err"
}

for spec in "$@"; do
  algo=${spec%%:*}
  sets=()
  if [ "$spec" != "$algo" ]; then
    IFS=";" read -ra kvs <<<"${spec#*:}"
    for kv in "${kvs[@]}"; do sets+=(--set "$kv"); done
  fi
  case $set_name in
    gowalla)
      rows=$(one --train "$data/gowalla/train.reconstructed.txt.gz" --test "$data/gowalla/test.txt" \
        --algo "$algo" ${sets[@]+"${sets[@]}"}) ;;
    ml-100k)
      rows=$(for f in 1 2 3 4 5; do
        one --train "$data/ml-100k/u$f.base" --test "$data/ml-100k/u$f.test" --relevant-rating 4 \
          --algo "$algo" ${sets[@]+"${sets[@]}"}
      done) ;;
    ml-latest-small)
      rows=$(one --train "$data/ml-latest-small/ratings.csv" --relevant-rating 4 --fraction 0.2 --seed 42 \
        --algo "$algo" ${sets[@]+"${sets[@]}"}) ;;
    *) echo "model-table: unknown data set '$set_name'" >&2; exit 2 ;;
  esac
  awk -v spec="$spec" '{ r += $1; n += $2; t += $3; if ($4 > m) m = $4; c++ }
    END { printf "| `%s` | %.4f | %.4f | %.1f s | %.0f MB |\n", spec, r / c, n / c, t / c, m }' <<<"$rows"
done
