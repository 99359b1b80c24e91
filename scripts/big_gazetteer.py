#!/usr/bin/env python3
"""Writes a user gazetteer with a given number of aliases, for the build-time and memory target of issue 7
(1,000,000 aliases: under 5 s and 1.5 GB).

    scripts/big_gazetteer.py OUT_DIR [--aliases 1000000]
    /usr/bin/time -v target/release/examples/gazetteer_stats OUT_DIR/organisations-big.tsv

The names are made from the words of the shipped gazetteers (two or three words, e.g. `Kazakh Federal Harbour
Council`), so the automaton sees realistic letters and shared prefixes rather than random strings; every entity has
a name and one alias, all distinct after folding, none equal to a shipped alias.
"""
import argparse
import itertools
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SHIPPED = os.path.join(HERE, "..", "gazetteers")


def shipped_words():
    words = set()
    for name in sorted(os.listdir(SHIPPED)):
        if not name.endswith(".tsv"):
            continue
        with open(os.path.join(SHIPPED, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                for w in re.findall(r"[^\W\d_]{3,}", line):
                    if w[0].isupper():
                        words.add(w)
    return sorted(words)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--aliases", type=int, default=1_000_000)
    args = ap.parse_args()
    words = shipped_words()
    random.Random(7).shuffle(words)  # fixed seed: the same file every time
    heads = ["Council", "Institute", "Foundation", "Agency", "Centre", "Association", "Committee", "Union"]
    entities = (args.aliases + 1) // 2
    os.makedirs(args.out_dir, exist_ok=True)
    path = os.path.join(args.out_dir, "organisations-big.tsv")
    pairs = itertools.product(words, words)
    written = 0
    seen = set()
    with open(path, "w", encoding="utf-8") as out:
        out.write("id\tname\taliases\n")
        for a, b in pairs:
            if written >= entities:
                break
            if a == b:
                continue
            name = f"{a} {b} {heads[written % len(heads)]}"
            alias = f"{b} {a} {heads[(written + 3) % len(heads)]}"
            if name.lower() in seen or alias.lower() in seen:
                continue
            seen.add(name.lower())
            seen.add(alias.lower())
            out.write(f"big-{written}\t{name}\t{alias}\n")
            written += 1
    print(f"{path}: {written} entities, {2 * written} aliases ({len(words)} distinct words)")


if __name__ == "__main__":
    main()
