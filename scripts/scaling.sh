#!/usr/bin/env bash
# scaling.sh — does newsgraph's cost grow linearly with the corpus? (issue 7: throughput at 10, 50 and 200 MB
# within 10% of each other; peak memory under 150 MB on the 200 MB corpus.)
#
# Usage (from anywhere; the script works from the repository root):
#   scripts/scaling.sh [--out DIR] [CORPUS]
#
#   CORPUS     JSON Lines corpus (.jsonl or .jsonl.gz, field "text"); default ../shared/corpus/ungdc.jsonl.gz.
#              Cut into block-format files (documents separated by a blank line) with the peer harness's
#              jsonl_to_blocks.py --max-bytes, one per size, under $BENCH_WORK/corpus/ (reused while newer than
#              the source; the same files scripts/bench_peers.sh makes).
#   --out DIR  where results go (default $BENCH_WORK/results/scaling-YYYYmmdd-HHMMSS)
#
# Runs `target/release/examples/throughput --blocks FILE --threads T` under /usr/bin/time -v for every size,
# RUNS rounds round-robin over the sizes, and prints MB/s (median), MB/s with I/O and peak RSS per size.
# Results: DIR/results.jsonl (the program's last stdout line + name, run, peak_rss_kb, process_wall), DIR/table.md.
#
# Environment:
#   SIZES="10000000 50000000 0"   corpus sizes in bytes for --max-bytes; 0 = the whole corpus (~198 MB for ungdc)
#   SAMPLE=prefix                 prefix: the first documents up to the size (what the harness does); stride: every
#                                 k-th document of the whole corpus, k = whole size / size, so that every sample has
#                                 the whole corpus's mix (UNGDC is in session order: its first 50 MB are 1946-1973
#                                 speeches, longer and sparser in names than the rest)
#   RUNS=3                        rounds (median reported)
#   THREADS=1                     --threads for the program
#   BENCH_WORK                    work dir, default ${TMPDIR:-/tmp}/newsgraph-bench (shared with the peer harness)
#   HARNESS                       the peer harness directory (default ../shared/bench), for jsonl_to_blocks.py
#   SKIP_BUILD=1                  do not run cargo build --release --example throughput
#   THROUGHPUT_BIN                program to use instead of <target>/release/examples/throughput
#
# The machine is shared: run it niced, e.g.  nice -n 10 scripts/scaling.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# paths given by the caller (arguments, BENCH_WORK, HARNESS, VENV, OUTDIR, *_BIN) are relative to where it runs;
# the defaults are relative to the repository root
abs() { [ -z "$1" ] && return; realpath -m -- "$1"; }
for v in BENCH_WORK HARNESS VENV OUTDIR NEWSGRAPH_BIN THROUGHPUT_BIN; do
  [ -n "${!v:-}" ] && printf -v "$v" '%s' "$(abs "${!v}")"
done
die() { echo "scaling.sh: $*" >&2; exit 1; }

OUTDIR="${OUTDIR:-}"; CORPUS_SRC=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUTDIR="${2:?--out DIR}"; shift 2 ;;
    --out=*) OUTDIR="${1#*=}"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "scaling.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$CORPUS_SRC" ] || die "one corpus only"; CORPUS_SRC="$1"; shift ;;
  esac
done
[ -z "$CORPUS_SRC" ] || CORPUS_SRC="$(abs "$CORPUS_SRC")"; [ -z "$OUTDIR" ] || OUTDIR="$(abs "$OUTDIR")"
cd "$ROOT"
CORPUS_SRC="${CORPUS_SRC:-../shared/corpus/ungdc.jsonl.gz}"
SIZES="${SIZES:-10000000 50000000 0}"; RUNS="${RUNS:-3}"; THREADS="${THREADS:-1}"
WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/newsgraph-bench}"
HARNESS="$(realpath "${HARNESS:-../shared/bench}")"
OUTDIR="${OUTDIR:-$WORK/results/scaling-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUTDIR" "$WORK/corpus"; OUTDIR="$(realpath "$OUTDIR")"

[ -f "$CORPUS_SRC" ] || die "no corpus at $CORPUS_SRC"
case "$CORPUS_SRC" in *.jsonl|*.jsonl.gz) ;; *) die "CORPUS must be .jsonl or .jsonl.gz" ;; esac
[ -f "$HARNESS/jsonl_to_blocks.py" ] || die "no $HARNESS/jsonl_to_blocks.py (set HARNESS)"
[ -x /usr/bin/time ] || die "/usr/bin/time is needed (Debian package 'time')"
[ "$RUNS" -ge 1 ] 2>/dev/null || die "RUNS must be >= 1"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== cargo build --release --example throughput"
  cargo build --release --example throughput
fi
if [ -z "${THROUGHPUT_BIN:-}" ]; then
  TARGET="$(cargo metadata --no-deps --format-version 1 --offline 2>/dev/null \
            | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null)" \
    || TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
fi
TP="${THROUGHPUT_BIN:-$TARGET/release/examples/throughput}"
[ -x "$TP" ] || die "no throughput program at $TP"

# the corpora, one per size
base="$(basename "$CORPUS_SRC")"; base="${base%.gz}"; base="${base%.jsonl}"
SAMPLE="${SAMPLE:-prefix}"
case "$SAMPLE" in prefix|stride) ;; *) die "SAMPLE must be prefix or stride" ;; esac
full="$WORK/corpus/$base-full.txt"
make_full() {
  if [ ! -s "$full" ] || [ "$CORPUS_SRC" -nt "$full" ]; then
    echo "== corpus: $CORPUS_SRC -> $full"
    python3 "$HARNESS/jsonl_to_blocks.py" "$CORPUS_SRC" "$full.part" && mv "$full.part" "$full"
  fi
}
declare -a FILES LABELS
for s in $SIZES; do
  [[ "$s" =~ ^[0-9]+$ ]] || die "SIZES wants byte counts (0 = whole corpus), got $s"
  if [ "$s" = 0 ]; then
    make_full; f="$full"; label="full ($(( $(stat -c %s "$f") / 1000000 )) MB)"
  elif [ "$SAMPLE" = stride ]; then
    make_full; f="$WORK/corpus/$base-stride-$s.txt"; label="$((s / 1000000)) MB, every k-th"
    if [ ! -s "$f" ] || [ "$full" -nt "$f" ]; then
      echo "== corpus: every k-th document of $full -> $f"
      python3 -c 'import sys
docs = open(sys.argv[1], "rb").read().split(b"\n\n")
k = max(1, round(sum(map(len, docs)) / int(sys.argv[3])))
open(sys.argv[2], "wb").write(b"\n\n".join(docs[::k]))' "$full" "$f.part" "$s" && mv "$f.part" "$f"
    fi
  else
    f="$WORK/corpus/$base-$s.txt"; label="$((s / 1000000)) MB"
    if [ ! -s "$f" ] || [ "$CORPUS_SRC" -nt "$f" ]; then
      echo "== corpus: $CORPUS_SRC -> $f"
      python3 "$HARNESS/jsonl_to_blocks.py" "$CORPUS_SRC" "$f.part" --max-bytes "$s" && mv "$f.part" "$f"
    fi
  fi
  FILES+=("$f"); LABELS+=("$label")
done

python3 -c 'import json, sys
k = sys.argv[2::2]; v = sys.argv[3::2]; json.dump(dict(zip(k, v)), open(sys.argv[1], "w"), indent=1)' "$OUTDIR/meta.json" \
  date "$(date -Is)" uname "$(uname -srm)" nproc "$(nproc)" cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
  loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)" rustc "$(rustc --version 2>/dev/null || echo unknown)" \
  git "$(git rev-parse --short --verify -q HEAD 2>/dev/null || echo 'no commit yet')" \
  corpus_source "$(realpath "$CORPUS_SRC")" runs "$RUNS" threads "$THREADS" \
  command "scripts/scaling.sh $CORPUS_SRC (SIZES='$SIZES' SAMPLE=$SAMPLE)"
echo "== RUNS=$RUNS THREADS=$THREADS sizes: ${LABELS[*]} -> $OUTDIR"

RESULTS="$OUTDIR/results.jsonl"; : > "$RESULTS"
for ((r = 1; r <= RUNS; r++)); do
  for i in "${!FILES[@]}"; do
    name="size_$(basename "${FILES[$i]}" .txt)"; tf="$OUTDIR/time.$name.$r.txt"; out="$OUTDIR/stdout.$name.$r.txt"
    if /usr/bin/time -v -o "$tf" "$TP" --blocks "${FILES[$i]}" --threads "$THREADS" > "$out" 2> "$OUTDIR/stderr.$name.$r.txt" \
       && line="$(grep -v '^[[:space:]]*$' "$out" | tail -n 1)" && [ -n "$line" ] \
       && python3 -c 'import json, sys
d = json.loads(sys.argv[1]); assert isinstance(d, dict) and d.get("seconds"), "no seconds"
t = open(sys.argv[4]).read()
rss = int(t.split("Maximum resident set size (kbytes):")[1].split()[0])
wall = t.split("Elapsed (wall clock) time (h:mm:ss or m:ss):")[1].split()[0]
d.update(name=sys.argv[2], label=sys.argv[3], run=int(sys.argv[5]), peak_rss_kb=rss, process_wall=wall)
print(json.dumps(d))' "$line" "$name" "${LABELS[$i]}" "$tf" "$r" >> "$RESULTS" 2> "$OUTDIR/parse.$name.$r.txt"; then
      echo "run $r ${LABELS[$i]}: $(echo "$line" | cut -c1-150)"
    else
      echo "run $r ${LABELS[$i]}: FAILED (see $OUTDIR/stderr.$name.$r.txt, $OUTDIR/parse.$name.$r.txt)"
      python3 -c 'import json, sys; print(json.dumps({"name": sys.argv[1], "run": int(sys.argv[2]), "failed": True}))' \
        "$name" "$r" >> "$RESULTS"
    fi
  done
done

python3 -c 'import json, sys
m = json.load(open(sys.argv[1])); m["loadavg_end"] = sys.argv[2]; json.dump(m, open(sys.argv[1], "w"), indent=1)' \
  "$OUTDIR/meta.json" "$(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 "$ROOT/scripts/bench_table.py" scaling "$RESULTS" --meta "$OUTDIR/meta.json" | tee "$OUTDIR/table.md"
echo
echo "results in $OUTDIR (results.jsonl, table.md, meta.json)"
