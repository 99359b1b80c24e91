#!/usr/bin/env bash
# bench_peers.sh — newsgraph against the peer harness (../shared/bench) in ONE run: same aliases, same corpus,
# same machine, interleaved rounds; prints a markdown ratio table (issue 7).
#
# Usage (from anywhere; the script works from the repository root):
#   scripts/bench_peers.sh [--max-bytes N] [--out DIR] [CORPUS]
#
#   CORPUS        JSON Lines corpus (.jsonl or .jsonl.gz, field "text"), converted with the harness's
#                 jsonl_to_blocks.py; default ../shared/corpus/ungdc.jsonl.gz. A file not ending in .jsonl[.gz]
#                 is taken as already in the harness's block format (documents separated by a blank line).
#   --max-bytes N stop the corpus after about N bytes (same as MAX_BYTES=N; default: the whole corpus)
#   --out DIR     where results go (default $BENCH_WORK/results/peers-YYYYmmdd-HHMMSS)
#
# What it does:
#   1. cargo build --release --bin newsgraph --example throughput
#   2. `newsgraph gazetteer list` (TSV alias, entity, kind, flags) -> DIR/patterns.tsv (surface, entity_id, kind),
#      exactly the aliases the default extractor compiles (kinds mapped to the harness's vocabulary, see below)
#   3. the corpus in block format under $BENCH_WORK/corpus/ (reused while newer than its source)
#   4. RUNS rounds; each round runs `throughput --blocks CORPUS --threads T` for each T in THREADS under
#      /usr/bin/time -v, then one round of the harness (run_all.sh with RUNS=1, all its tools round-robin)
#   5. DIR/results.jsonl (every result line: harness and newsgraph), DIR/table.md (printed), DIR/meta.json
#
# Environment:
#   RUNS=3            rounds (median reported)
#   PAIRS=1           in every round, newsgraph's thread counts run PAIRS times back to back (newsgraph's medians
#                     and the two-thread ratio then come from RUNS x PAIRS runs; the harness still runs RUNS
#                     rounds). One run takes a second, so pairs are cheap, and the thread ratio, a quotient of two
#                     short runs on a shared VM, needs more of them than the peers' speeds do.
#   ONLY=.            regex: run only the harness tools whose name matches (newsgraph always runs). The table
#                     needs rawscan_ac_ll_wb_dfa for the ratio to the limit.
#   NER_LIMIT=1000000 spaCy NER runs only on the first whole documents totalling <= this many bytes (it is slow)
#   WITH_OUT=0        1: after the last round the harness dumps every matcher's matches and compares them
#   MAX_BYTES         as --max-bytes
#   THREADS="1 2"     newsgraph thread counts to time
#   BENCH_WORK        harness work dir (venv, rawscan build, corpora, results); default ${TMPDIR:-/tmp}/newsgraph-bench
#   VENV              the harness venv (default $BENCH_WORK/venv; create it with ../shared/bench/setup.sh)
#   HARNESS           the harness directory (default ../shared/bench)
#   DROP_FLAGS        comma-separated alias flags whose aliases are left out of the peers' patterns (default none).
#                     The peers match every alias case-insensitively, so `case_sensitive` aliases (US, IT, WHO) and
#                     `weak` ones (May) also hit "us", "it", "may" there; DROP_FLAGS=case_sensitive shows how much
#                     that costs them. The flags are those `newsgraph gazetteer list` prints: name, official_name,
#                     alias, acronym, weak, demonym, case_sensitive.
#   SKIP_BUILD=1      do not run cargo (use the binaries as they are)
#   NEWSGRAPH_BIN, THROUGHPUT_BIN   binaries to use instead of <target>/release/newsgraph and
#                     <target>/release/examples/throughput
#
# The machine is shared and noisy: read ratios and medians, not single absolute figures. Others compile on it, so
# run it niced:  nice -n 10 scripts/bench_peers.sh --max-bytes 50000000
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# paths given by the caller (arguments, BENCH_WORK, HARNESS, VENV, OUTDIR, *_BIN) are relative to where it runs;
# the defaults are relative to the repository root
abs() { [ -z "$1" ] && return; realpath -m -- "$1"; }
for v in BENCH_WORK HARNESS VENV OUTDIR NEWSGRAPH_BIN THROUGHPUT_BIN; do
  [ -n "${!v:-}" ] && printf -v "$v" '%s' "$(abs "${!v}")"
done

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

MAX_BYTES="${MAX_BYTES:-}"; OUTDIR="${OUTDIR:-}"; CORPUS_SRC=""
while [ $# -gt 0 ]; do
  case "$1" in
    --max-bytes) MAX_BYTES="${2:?--max-bytes N}"; shift 2 ;;
    --max-bytes=*) MAX_BYTES="${1#*=}"; shift ;;
    --out) OUTDIR="${2:?--out DIR}"; shift 2 ;;
    --out=*) OUTDIR="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "bench_peers.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$CORPUS_SRC" ] || { echo "bench_peers.sh: one corpus only" >&2; exit 2; }; CORPUS_SRC="$1"; shift ;;
  esac
done
[ -z "$CORPUS_SRC" ] || CORPUS_SRC="$(abs "$CORPUS_SRC")"; [ -z "$OUTDIR" ] || OUTDIR="$(abs "$OUTDIR")"
cd "$ROOT"
CORPUS_SRC="${CORPUS_SRC:-../shared/corpus/ungdc.jsonl.gz}"
if [ -n "$MAX_BYTES" ] && ! [[ "$MAX_BYTES" =~ ^[0-9]+$ ]]; then echo "bench_peers.sh: --max-bytes wants an integer" >&2; exit 2; fi

RUNS="${RUNS:-3}"; PAIRS="${PAIRS:-1}"; ONLY="${ONLY:-.}"; NER_LIMIT="${NER_LIMIT:-1000000}"; WITH_OUT="${WITH_OUT:-0}"
THREADS="${THREADS:-1 2}"; DROP_FLAGS="${DROP_FLAGS:-}"
WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/newsgraph-bench}"
HARNESS="$(realpath "${HARNESS:-../shared/bench}")"
VENV="${VENV:-$WORK/venv}"
export BENCH_WORK="$WORK" VENV
OUTDIR="${OUTDIR:-$WORK/results/peers-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUTDIR" "$WORK/corpus"; OUTDIR="$(realpath "$OUTDIR")"

die() { echo "bench_peers.sh: $*" >&2; exit 1; }
[ -x "$HARNESS/run_all.sh" ] || die "no harness at $HARNESS (set HARNESS)"
[ -x "$VENV/bin/python" ] || die "no harness venv at $VENV: run $HARNESS/setup.sh first"
[ -x /usr/bin/time ] || die "/usr/bin/time is needed (Debian package 'time')"
[ -f "$CORPUS_SRC" ] || die "no corpus at $CORPUS_SRC"
[ "$RUNS" -ge 1 ] 2>/dev/null || die "RUNS must be >= 1"
[ "$PAIRS" -ge 1 ] 2>/dev/null || die "PAIRS must be >= 1"

# ---- 1. build ----------------------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== cargo build --release --bin newsgraph --example throughput"
  cargo build --release --bin newsgraph --example throughput
fi
if [ -z "${NEWSGRAPH_BIN:-}" ] || [ -z "${THROUGHPUT_BIN:-}" ]; then
  TARGET="$(cargo metadata --no-deps --format-version 1 --offline 2>/dev/null \
            | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null)" \
    || TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
fi
NG="${NEWSGRAPH_BIN:-$TARGET/release/newsgraph}"
TP="${THROUGHPUT_BIN:-$TARGET/release/examples/throughput}"
[ -x "$NG" ] || die "no newsgraph binary at $NG"
[ -x "$TP" ] || die "no throughput program at $TP"

# ---- 2. the aliases ----------------------------------------------------------------------------------------
# `newsgraph gazetteer list`: header alias<TAB>entity<TAB>kind<TAB>flags (columns found by name).
# Harness patterns: surface<TAB>entity_id<TAB>kind. The kind only picks the spaCy EntityRuler label, so it is mapped
# to the harness's vocabulary (country, demonym, capital, person, person_alias, org, org_acronym); other kinds pass
# through (label MISC). Exact duplicate rows are written once.
PATTERNS="$OUTDIR/patterns.tsv"
"$NG" gazetteer list > "$OUTDIR/gazetteer_list.tsv" || die "\`$NG gazetteer list\` failed"
awk -F'\t' -v OFS='\t' -v drop="$DROP_FLAGS" '
  NR == 1 {
    for (i = 1; i <= NF; i++) col[$i] = i
    if (!("alias" in col) || !("entity" in col) || !("kind" in col) || !("flags" in col)) {
      print "bench_peers.sh: gazetteer list header is not alias/entity/kind/flags: " $0 > "/dev/stderr"; bad = 1; exit 1
    }
    nd = split(drop, dl, ","); next
  }
  $0 == "" { next }
  {
    a = $col["alias"]; e = $col["entity"]; k = tolower($col["kind"]); f = "," $col["flags"] ","
    gsub(/ /, "", f)
    if (a == "" || e == "") { empty++; next }
    for (i = 1; i <= nd; i++) if (dl[i] != "" && index(f, "," dl[i] ",")) { dropped++; next }
    weak = index(f, ",weak,") > 0; exact = index(f, ",case_sensitive,") > 0 || index(f, ",acronym,") > 0
    if (index(f, ",demonym,"))                          k = "demonym"
    else if (k ~ /^countr/)                             k = "country"
    else if (k ~ /^(leader|person)/)                    k = weak ? "person_alias" : "person"
    else if (k ~ /^org/)                                k = exact ? "org_acronym" : "org"
    else if (k ~ /^(place|capital|city)/)               k = "capital"
    line = a OFS e OFS k
    if (!seen[line]++) { print line; n++ }
  }
  END {
    if (bad) exit 1
    printf "patterns: %d aliases written (%d dropped by DROP_FLAGS, %d empty rows)\n", n, dropped, empty > "/dev/stderr"
    if (n == 0) exit 1
  }' "$OUTDIR/gazetteer_list.tsv" > "$PATTERNS" || die "could not convert the gazetteer list into $PATTERNS"

# ---- 3. the corpus -----------------------------------------------------------------------------------------
case "$CORPUS_SRC" in
  *.jsonl|*.jsonl.gz)
    base="$(basename "$CORPUS_SRC")"; base="${base%.gz}"; base="${base%.jsonl}"
    CORPUS="$WORK/corpus/$base-${MAX_BYTES:-full}.txt"
    if [ ! -s "$CORPUS" ] || [ "$CORPUS_SRC" -nt "$CORPUS" ]; then
      echo "== corpus: $CORPUS_SRC -> $CORPUS"
      "$VENV/bin/python" "$HARNESS/jsonl_to_blocks.py" "$CORPUS_SRC" "$CORPUS.part" ${MAX_BYTES:+--max-bytes "$MAX_BYTES"}
      mv "$CORPUS.part" "$CORPUS"
    fi ;;
  *)
    [ -z "$MAX_BYTES" ] || die "--max-bytes only applies to a .jsonl[.gz] corpus"
    CORPUS="$(realpath "$CORPUS_SRC")" ;;
esac

# ---- meta ----------------------------------------------------------------------------------------------------
# meta.json: KEY=VALUE pairs (KEY:int=VALUE for numbers); values pass through argv, so no quoting trouble
meta() {
  python3 -c 'import json, os, sys
path = sys.argv[1]; m = json.load(open(path)) if os.path.exists(path) else {}
for kv in sys.argv[2:]:
    k, v = kv.split("=", 1)
    if k.endswith(":int"): k, v = k[:-4], int(v)
    m[k] = v
json.dump(m, open(path, "w"), indent=1)' "$OUTDIR/meta.json" "$@"
}
git_rev() {
  local h; h="$(git rev-parse --short --verify -q HEAD 2>/dev/null)" || { echo "no commit yet"; return; }
  git diff --quiet HEAD 2>/dev/null && echo "$h" || echo "$h (uncommitted changes)"
}
rm -f "$OUTDIR/meta.json"
meta "date=$(date -Is)" "uname=$(uname -srm)" "nproc:int=$(nproc)" \
     "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
     "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)" "rustc=$(rustc --version 2>/dev/null || echo unknown)" \
     "git=$(git_rev)" \
     "patterns=$PATTERNS" "patterns_lines:int=$(wc -l < "$PATTERNS")" "drop_flags=$DROP_FLAGS" \
     "corpus_source=$(realpath "$CORPUS_SRC")" "corpus=$CORPUS" "corpus_file_bytes:int=$(stat -c %s "$CORPUS")" \
     "runs:int=$RUNS" "pairs:int=$PAIRS" "ner_limit:int=$NER_LIMIT" "only=$ONLY" "threads=$THREADS" \
     "command=scripts/bench_peers.sh${MAX_BYTES:+ --max-bytes $MAX_BYTES} $CORPUS_SRC"
echo "== patterns: $PATTERNS ($(wc -l < "$PATTERNS") aliases)   corpus: $CORPUS ($(stat -c %s "$CORPUS") bytes)"
echo "== RUNS=$RUNS PAIRS=$PAIRS THREADS='$THREADS' ONLY='$ONLY' NER_LIMIT=$NER_LIMIT WITH_OUT=$WITH_OUT -> $OUTDIR"

# ---- 4. interleaved rounds ---------------------------------------------------------------------------------
RESULTS="$OUTDIR/results.jsonl"; : > "$RESULTS"

# run_newsgraph ROUND THREADS: one timed run of the end-to-end program; appends one line to results.jsonl
run_newsgraph() {
  local r="$1" t="$2" name="newsgraph_t$2" tf out line rss wall
  tf="$OUTDIR/time.$name.$r.txt"; out="$OUTDIR/stdout.$name.$r.txt"
  if /usr/bin/time -v -o "$tf" "$TP" --blocks "$CORPUS" --threads "$t" > "$out" 2> "$OUTDIR/stderr.$name.$r.txt" \
     && line="$(grep -v '^[[:space:]]*$' "$out" | tail -n 1)" && [ -n "$line" ]; then
    rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tf")
    wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$tf")
    if python3 -c 'import json,sys
d = json.loads(sys.argv[1]); assert isinstance(d, dict) and d.get("seconds"), "no seconds"
d.update(name=sys.argv[2], run=int(sys.argv[3]), peak_rss_kb=int(sys.argv[4]), process_wall=sys.argv[5])
print(json.dumps(d))' "$line" "$name" "$r" "$rss" "$wall" >> "$RESULTS" 2> "$OUTDIR/parse.$name.$r.txt"; then
      echo "run $r $name: $(echo "$line" | cut -c1-150)"; return
    fi
    echo "run $r $name: FAILED, last stdout line is not the result JSON (see $out, $OUTDIR/parse.$name.$r.txt)"
  else
    echo "run $r $name: FAILED (see $OUTDIR/stderr.$name.$r.txt)"
  fi
  echo "{\"name\": \"$name\", \"run\": $r, \"failed\": true}" >> "$RESULTS"
}

for ((r = 1; r <= RUNS; r++)); do
  # newsgraph's runs are numbered 1.. across rounds and pairs, so that the two thread counts of a pair share a number
  for ((p = 1; p <= PAIRS; p++)); do
    for t in $THREADS; do run_newsgraph "$(( (r - 1) * PAIRS + p ))" "$t"; done
  done
  rd="$OUTDIR/harness-round-$r"; wo=0; [ "$WITH_OUT" = 1 ] && [ "$r" = "$RUNS" ] && wo=1
  if ! RUNS=1 ONLY="$ONLY" NER_LIMIT="$NER_LIMIT" WITH_OUT="$wo" \
       "$HARNESS/run_all.sh" "$PATTERNS" "$CORPUS" "$rd" > "$rd.log" 2>&1; then
    tail -n 20 "$rd.log" >&2; die "harness round $r failed (log: $rd.log)"
  fi
  grep '^run 1 ' "$rd.log" | sed "s/^run 1 /run $r /" || true
  # the harness numbers its single round 1: renumber into the shared results file
  python3 -c 'import json,sys
for l in open(sys.argv[1]):
    if l.strip():
        d = json.loads(l); d["run"] = int(sys.argv[2]); print(json.dumps(d))' "$rd/results.jsonl" "$r" >> "$RESULTS"
done
[ "$WITH_OUT" = 1 ] && [ -f "$OUTDIR/harness-round-$RUNS/compare.md" ] && echo "match comparison: $OUTDIR/harness-round-$RUNS/compare.md"

# ---- 5. the table ------------------------------------------------------------------------------------------
meta "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 "$ROOT/scripts/bench_table.py" peers "$RESULTS" --meta "$OUTDIR/meta.json" | tee "$OUTDIR/table.md"
echo
echo "results in $OUTDIR (results.jsonl, table.md, meta.json)"
