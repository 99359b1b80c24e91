#!/usr/bin/env python3
"""Validate newsgraph gazetteer files exactly as the Rust loader reads them (gazetteers/FORMAT.md).

Usage:  python3 scripts/gazetteers/validate.py [FILE_OR_DIR ...]
        (default: the four shipped files in gazetteers/)

Checks, each an error (exit status 1):
  format   first non-comment line is the header; every column known for the file's kind (or `_note`
           style); required columns present; no row longer than the header; no tab/newline in fields
  ids      present, unique across the shipped files and across the user's files, no whitespace or control
           characters; a user row reusing a shipped id replaces that shipped row (as the loader does)
  names    `name` present; no empty or whitespace-only alias in any list
  refs     a leader's `country` and every role ORG exist (as a country/organisation id); a country's
           `successor` exists; place/organisation `country` exists
  roles    `title@ORG@START@END`, title lower-case, START present, dates parse, START <= END
  dates    `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (real calendar dates); start <= end for countries
  enums    organisation `type`, place `type`, country `status` from FORMAT.md
  strong   no strong alias (name, aliases, acronyms, official_name; compared case-insensitively after
           removing diacritics) shared by two entities of the same kind, except the deliberate ambiguities
           of DATED_AMBIGUITIES; each of those must still be shared by exactly its listed entities, and
           their offices must not overlap (the date has to decide)
  case     a common-word acronym (US, IT, WHO, AU, IS, UN, AI, ...) or any other all-capital value
           of 2-6 letters must be in `acronyms`, not in `name`/`aliases` (matched case-insensitively
           there, "who" or "it" would hit every sentence); generic words are never aliases
  wikidata `Q` followed by digits
Prints counts per file. Standard library only.
"""

from __future__ import annotations

import datetime
import os
import re
import sys
import unicodedata
from collections import defaultdict

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SHIPPED = [os.path.join(ROOT, "gazetteers", f"{k}.tsv") for k in ("countries", "leaders", "organisations", "places")]

COMMON = {"id", "name", "aliases", "acronyms", "weak", "wikidata", "source"}
KIND_COLUMNS = {
    "countries": COMMON | {"official_name", "demonyms", "iso2", "iso3", "capital", "status", "start", "end",
                           "successor"},
    "leaders": COMMON | {"country", "roles"},
    "organisations": COMMON | {"type", "country"},
    "places": COMMON | {"country", "type", "population", "geonames"},
}
REQUIRED = {"countries": {"id", "name"}, "leaders": {"id", "name", "country"},
            "organisations": {"id", "name"}, "places": {"id", "name"}}
ORG_TYPES = {"un_organ", "un_agency", "alliance", "igo", "court", "news_agency", "think_tank",
             "government_body", "parliament", "party", "armed_group", "ngo", "company", "other"}
PLACE_TYPES = {"capital", "city", "region", "landmark"}
STATUSES = {"member", "observer", "territory", "disputed", "historical"}
# Acronyms that are also (English) words: matched case-insensitively they would fire on ordinary text.
COMMON_WORD_ACRONYMS = {
    "US", "IT", "WHO", "AU", "IS", "UN", "AI", "IN", "ON", "AT", "NO", "OR", "AND", "ALL", "CAN", "MAY",
    "WE", "ME", "HE", "OF", "TO", "BE", "BY", "SO", "DO", "GO", "UP", "AS", "AM", "AN", "IF", "MY", "OUR",
    "ONE", "CAR", "SAD", "ODA", "PIN", "ICE", "AIM", "ARM", "ART", "BAN", "BAT", "BIG", "BOX", "CAP", "CAT",
    "DAY", "END", "ERA", "EYE", "FAN", "FAR", "FEW", "FIT", "FLY", "FOR", "FUN", "GAP", "GAS", "GUN", "HIT",
    "HOT", "ILL", "JAM", "KEY", "LAW", "LED", "LET", "LOW", "MAN", "MAP", "MET", "MIX", "NET", "NEW", "NOW",
    "OIL", "OLD", "OUT", "OWN", "PAN", "PAY", "PEN", "PET", "POP", "PUT", "RAN", "RAW", "RED", "RUN", "SAW",
    "SEA", "SET", "SIT", "SKY", "SPA", "SUN", "TAX", "TEN", "TIE", "TOP", "TRY", "TWO", "USE", "VAN", "WAR",
    "WAY", "WET", "WIN", "YES", "YET", "AIR", "ACT", "ADD", "AGE", "AGO", "AID", "ARE", "BED", "BUT", "BUY",
    "DUE", "EAT", "GET", "HAS", "HER", "HIM", "HIS", "HOW", "ITS", "JOB", "LIE", "NOT", "OFF", "PER", "SHE",
    "THE", "TOO", "WHY", "YOU", "AMP", "APP", "PEP", "SPAR", "CAB", "COP", "DOE", "ERA", "FED", "GAL",
    "HUB", "NASA", "NATO", "CARE", "DARE", "HOPE", "SAFE", "WISE", "MEND", "ACE", "AFT", "ASK", "BAD",
}
# Generic words that must never be a name or alias on their own.
GENERIC = {"president", "government", "party", "west", "south", "north", "east", "union", "republic",
           "kingdom", "state", "states", "minister", "ministry", "council", "court", "congress", "assembly",
           "parliament", "army", "police", "the", "king", "queen", "prime minister", "commission", "bank",
           "agency", "institute", "foundation", "league", "alliance", "group", "city", "island", "islands"}
# Strong aliases shared on purpose by entities of one kind, resolved by the document's date: the resolver
# prefers the entity in office on that date. Key: (kind, folded alias); value: (the exact owners, why).
# tests/gazetteer_data.rs (`no_strong_alias_names_two_entities_of_one_kind`) keeps the same list.
DATED_AMBIGUITIES = {
    ("leaders", "george bush"): (
        ("george-h-w-bush", "george-w-bush"),
        "news called both presidents plain \"George Bush\" while in office (1989-1993, 2001-2009)",
    ),
}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ID_RE = re.compile(r"^[^\s\x00-\x1f\x7f|@]+$")
QID_RE = re.compile(r"^Q[1-9]\d*$")


def fold(text: str) -> str:
    """The loader's comparison key: NFKD, combining marks removed, case-folded, quotes unified."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bb", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    for a, b in (("ß", "ss"), ("ø", "o"), ("Ø", "O"), ("đ", "d"), ("Đ", "D"), ("ł", "l"), ("Ł", "L"),
                 ("ı", "i"), ("æ", "ae"), ("Æ", "AE"), ("œ", "oe")):
        text = text.replace(a, b)
    return " ".join(text.casefold().split())


def kind_of(path: str) -> str | None:
    base = os.path.basename(path)
    for kind in KIND_COLUMNS:
        if base.startswith(kind) and base.endswith(".tsv"):
            return kind
    return None


def parse_date(value: str) -> tuple | None:
    if not DATE_RE.match(value):
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    return tuple(parts)


def date_le(a: tuple, b: tuple) -> bool:
    """a <= b comparing only the precision both have (1990 <= 1990-05-01)."""
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


def split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split("|")]


class Report:
    def __init__(self):
        self.errors = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")


def read(path: str, kind: str, report: Report) -> list[tuple[int, dict]]:
    rows, header = [], None
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            where = f"{os.path.relpath(path, ROOT)}:{lineno}"
            line = line.rstrip("\n")
            if "\r" in line:
                report.error(where, "carriage return in line")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                for col in header:
                    if not col.startswith("_") and col not in KIND_COLUMNS[kind]:
                        report.error(where, f"unknown column {col!r} for {kind}")
                for col in REQUIRED[kind] - set(header):
                    report.error(where, f"required column {col!r} missing")
                if len(set(header)) != len(header):
                    report.error(where, "duplicate column in header")
                continue
            if len(cells) > len(header):
                report.error(where, f"{len(cells)} fields but the header has {len(header)}")
            for c, v in zip(header, cells):
                if any(unicodedata.category(ch) == "Cc" for ch in v):
                    report.error(where, f"control character in column {c!r}")
            rec = {c: v.strip() for c, v in zip(header, cells) if not c.startswith("_")}
            for c in header:
                rec.setdefault(c, "")
            rows.append((lineno, rec))
    if header is None:
        report.error(path, "no header line")
    return rows


def validate(paths: list[str]) -> int:
    report = Report()
    data = {}  # kind -> [(where, rec)]
    for path in paths:
        kind = kind_of(path)
        if kind is None:
            report.error(path, "file name must start with countries/leaders/organisations/places and end in .tsv")
            continue
        data.setdefault(kind, [])
        shipped = os.path.abspath(path) in SHIPPED
        for lineno, rec in read(path, kind, report):
            data[kind].append((f"{os.path.relpath(path, ROOT)}:{lineno}", rec, shipped))
    # As the Rust loader merges layers: a user row reusing a shipped id replaces that shipped entity; ids must be
    # unique within the shipped files and within the user's files.
    user_ids = {rec.get("id", "") for rows in data.values() for _, rec, shipped in rows if not shipped}
    data = {kind: [(where, rec) for where, rec, shipped in rows if not (shipped and rec.get("id", "") in user_ids)]
            for kind, rows in data.items()}

    ids = {}
    ids_by_kind = defaultdict(set)
    for kind, rows in data.items():
        for where, rec in rows:
            rid = rec.get("id", "")
            if not rid:
                report.error(where, "empty id")
                continue
            if not ID_RE.match(rid):
                report.error(where, f"id {rid!r} has whitespace, control characters, '|' or '@'")
            if rid in ids:
                report.error(where, f"duplicate id {rid!r} (first at {ids[rid]})")
            ids[rid] = where
            ids_by_kind[kind].add(rid)
    countries, orgs = ids_by_kind["countries"], ids_by_kind["organisations"]

    strong_owner = defaultdict(dict)  # kind -> folded alias -> (id, where)
    dated_owners = defaultdict(set)  # (kind, folded alias) of DATED_AMBIGUITIES -> ids holding it
    records = {}  # id -> (kind, where, rec)
    counts = defaultdict(lambda: defaultdict(int))
    for kind, rows in data.items():
        for where, rec in rows:
            rid = rec.get("id", "")
            records[rid] = (kind, where, rec)
            c = counts[kind]
            c["rows"] += 1
            if not rec.get("name", "").strip():
                report.error(where, "empty name")
            strong = []
            for col in ("name", "aliases", "acronyms", "weak", "demonyms", "official_name"):
                if col not in rec or not rec[col]:
                    continue
                values = split_list(rec[col]) if col not in ("name", "official_name") else [rec[col]]
                for v in values:
                    if not v.strip():
                        report.error(where, f"empty or whitespace-only value in {col}")
                        continue
                    if any(unicodedata.category(ch) == "Cc" for ch in v):
                        report.error(where, f"control character in {col} value {v!r}")
                    if col in ("name", "aliases", "weak") and fold(v) in GENERIC:
                        report.error(where, f"generic word {v!r} in {col}")
                    if col in ("name", "aliases") and re.fullmatch(r"[A-Z]{2,6}", v) and (
                            v in COMMON_WORD_ACRONYMS or col == "aliases"):
                        report.error(where, f"{v!r} is acronym-shaped: put it in `acronyms` (case-sensitive)")
                    if col in ("name", "aliases", "acronyms", "official_name"):
                        strong.append(v)
                    if col != "name":
                        c["aliases"] += 1
            seen_here = set()
            for v in strong:
                key = v if re.fullmatch(r"[A-Z0-9&.-]+", v) and v in split_list(rec.get("acronyms", "")) else fold(v)
                key = fold(key)
                if key in seen_here:
                    continue
                seen_here.add(key)
                allowed = DATED_AMBIGUITIES.get((kind, key))
                if allowed:
                    dated_owners[(kind, key)].add(rid)
                    if rid in allowed[0]:
                        continue
                other = strong_owner[kind].get(key)
                if other and other[0] != rid:
                    report.error(where, f"strong alias {v!r} also belongs to {other[0]} ({other[1]})")
                else:
                    strong_owner[kind][key] = (rid, where)
            wd = rec.get("wikidata", "")
            if wd and not QID_RE.match(wd):
                report.error(where, f"bad wikidata id {wd!r}")
            if kind == "countries":
                check_country(where, rec, countries, report, c)
            elif kind == "leaders":
                check_leader(where, rec, countries, orgs, report, c)
            elif kind == "organisations":
                if rec.get("type") and rec["type"] not in ORG_TYPES:
                    report.error(where, f"unknown organisation type {rec['type']!r}")
                if rec.get("country") and rec["country"] not in countries:
                    report.error(where, f"unknown country {rec['country']!r}")
            elif kind == "places":
                if rec.get("type") and rec["type"] not in PLACE_TYPES:
                    report.error(where, f"unknown place type {rec['type']!r}")
                if rec.get("country") and rec["country"] not in countries:
                    report.error(where, f"unknown country {rec['country']!r}")
                for col in ("population", "geonames"):
                    if rec.get(col) and not rec[col].isdigit():
                        report.error(where, f"{col} must be an integer")

    check_dated_ambiguities(dated_owners, records, report)

    for kind in ("countries", "leaders", "organisations", "places"):
        if kind not in counts:
            continue
        c = counts[kind]
        extra = ""
        if kind == "countries":
            extra = (f" (members {c['member']}, observers {c['observer']}, disputed {c['disputed']}, "
                     f"territories {c['territory']}, historical {c['historical']}; "
                     f"UN members without demonym {c['member_no_demonym']})")
        elif kind == "leaders":
            extra = f" (current {c['current']}, historical {c['rows'] - c['current']}; roles {c['roles']})"
        print(f"{kind:14} {c['rows']:6} rows {c['aliases']:7} aliases{extra}")
    print(f"{'total':14} {sum(c['rows'] for c in counts.values()):6} rows "
          f"{sum(c['aliases'] + c['rows'] for c in counts.values()):7} names incl. canonical")
    for e in report.errors:
        print("error:", e, file=sys.stderr)
    print(f"{len(report.errors)} error(s)")
    return 1 if report.errors else 0


def check_dated_ambiguities(dated_owners, records, report):
    """Each allowed ambiguity still exists with exactly its owners, and their offices never overlap."""
    for (kind, key), (ids, _why) in sorted(DATED_AMBIGUITIES.items()):
        if not all(records.get(i, ("",))[0] == kind for i in ids):
            continue  # not all of them loaded (e.g. validating user files alone)
        where = records[ids[0]][1]
        owners = dated_owners.get((kind, key), set())
        if owners != set(ids):
            report.error(where, f"DATED_AMBIGUITIES {key!r}: held by {sorted(owners)}, listed for {list(ids)}; "
                                "update the list in validate.py and tests/gazetteer_data.rs")
        spans = []
        for i in ids:
            for role in split_list(records[i][2].get("roles", "")):
                parts = [p.strip() for p in role.split("@")]
                if len(parts) == 4 and parse_date(parts[2]):
                    spans.append((i, parse_date(parts[2]), parse_date(parts[3]) if parts[3] else None))
        for a in spans:
            for b in spans:
                if a[0] < b[0] and not ((a[2] and date_le(a[2], b[1])) or (b[2] and date_le(b[2], a[1]))):
                    report.error(where, f"DATED_AMBIGUITIES {key!r}: offices of {a[0]} and {b[0]} overlap, "
                                        "so the date cannot decide")


def check_country(where, rec, countries, report, c):
    status = rec.get("status", "")
    if status and status not in STATUSES:
        report.error(where, f"unknown status {status!r}")
    c[status or "no status"] += 1
    if status == "member" and not rec.get("demonyms"):
        c["member_no_demonym"] += 1
        report.error(where, "UN member without demonyms")
    dates = {}
    for col in ("start", "end"):
        if rec.get(col):
            d = parse_date(rec[col])
            if d is None:
                report.error(where, f"bad {col} date {rec[col]!r}")
            dates[col] = d
    if dates.get("start") and dates.get("end") and not date_le(dates["start"], dates["end"]):
        report.error(where, "start after end")
    if rec.get("successor") and rec["successor"] not in countries:
        report.error(where, f"unknown successor {rec['successor']!r}")
    for col, n in (("iso2", 2), ("iso3", 3)):
        if rec.get(col) and not re.fullmatch(rf"[A-Z]{{{n}}}", rec[col]):
            report.error(where, f"bad {col} {rec[col]!r}")


def check_leader(where, rec, countries, orgs, report, c):
    if rec.get("country") not in countries:
        report.error(where, f"unknown country {rec.get('country')!r}")
    roles = [r for r in split_list(rec.get("roles", "")) if r] if rec.get("roles") else []
    if not roles:
        report.error(where, "leader without roles")
    current = False
    for role in roles:
        parts = role.split("@")
        if len(parts) != 4:
            report.error(where, f"role {role!r} is not title@ORG@START@END")
            continue
        title, org, start, end = (p.strip() for p in parts)
        c["roles"] += 1
        if not title or title != title.lower():
            report.error(where, f"role title {title!r} must be non-empty lower case")
        if org not in countries and org not in orgs:
            report.error(where, f"role {role!r}: unknown ORG {org!r}")
        if not start:
            report.error(where, f"role {role!r}: START is required")
        ds, de = parse_date(start) if start else None, parse_date(end) if end else None
        if start and ds is None:
            report.error(where, f"role {role!r}: bad START {start!r}")
        if end and de is None:
            report.error(where, f"role {role!r}: bad END {end!r}")
        if ds and de and not date_le(ds, de):
            report.error(where, f"role {role!r}: START after END")
        if not end:
            current = True
    c["current"] += current


def main() -> int:
    args = sys.argv[1:]
    paths = []
    for a in args or SHIPPED:
        if os.path.isdir(a):
            paths += sorted(os.path.join(a, f) for f in os.listdir(a) if kind_of(f))
        else:
            paths.append(a)
    return validate(paths)


if __name__ == "__main__":
    sys.exit(main())
