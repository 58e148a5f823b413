#!/usr/bin/env python3
"""Scaled benchmark corpus: N distinct variants of the sample minutes.

Why: a benchmark over four files measures start-up, and a benchmark over N copies of four files
measures the cache. Each variant here is a different document — its own meeting date, its own
people, its own amounts — so every file has its own checksum and its own meeting id, and a
full run must really read, hash, parse and write every one of them.

Variant i is made from sample file i mod 4 by generic text transforms only (no file names, no
exact sentences):
  * dates: the first full date in the text is taken as the meeting date; variant i gets the
    meeting date START + i days (unique across the whole corpus, so no two variants share a
    meeting id), and every full date in the text is shifted by the same number of days, in the
    format it was written in ("19-09-2023", "19. september 2023", "20.6.2020", "9/9 2015",
    "2023-09-19"); a weekday written before a date ("Tirsdag d. 19. september 2023") is
    recomputed so it stays true;
  * people: a full name that starts with a known Danish first name is replaced, consistently
    within the document, by a name drawn from a fixed pool (titles, commas and "og" stay, so
    the sentence structure the parser reads is kept);
  * amounts: a Danish-formatted number before "kr." / "mio. kr." / "mia. kr." is scaled by a
    random factor and written back in Danish format with the same number of decimals.

Writes <out>/NNNNN_<sample stem>.txt and <out>/sources.toml (the manifest `referat run
--manifest` reads). Deterministic: the same N and seed give byte-identical files.
Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import datetime as dt
import random
import re
import sys
from pathlib import Path

MUNICIPALITY = "Odense Kommune"
COMMITTEE = "Beskæftigelses- og Socialudvalget"
# Variant i meets on START + i days: 4,000 variants span 2010-2020, every date unique.
START = dt.date(2010, 1, 4)

MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]

# Common Danish first names. Short names that are also ordinary words ("Per", "Bo", "Else")
# are left out so a sentence-initial word is not mistaken for a person.
FIRST_NAMES = [
    "Anders", "Anne", "Birgitte", "Camilla", "Charlotte", "Christian", "Christoffer", "Claus",
    "Dorthe", "Erik", "Frank", "Hanne", "Hans", "Helle", "Henrik", "Jakob", "Jan", "Jens",
    "Jesper", "Johanne", "Jørgen", "Karen", "Karina", "Kim", "Kirsten", "Lars", "Lene",
    "Lone", "Louise", "Mads", "Maria", "Mark", "Martin", "Mette", "Michael", "Morten",
    "Niels", "Nina", "Ole", "Peter", "Pia", "Poul", "Rasmus", "Rikke", "Robert", "Signe",
    "Simon", "Sofie", "Steen", "Susanne", "Søren", "Thomas", "Tim", "Tina", "Torben", "Ulla",
]
SURNAMES = [
    "Andersen", "Bach", "Berg", "Christensen", "Dahl", "Eskildsen", "Frandsen", "Gregersen",
    "Hansen", "Holm", "Iversen", "Jensen", "Jeppesen", "Kjær", "Knudsen", "Larsen", "Lund",
    "Madsen", "Mikkelsen", "Møller", "Nielsen", "Nørgaard", "Olsen", "Pedersen", "Poulsen",
    "Rasmussen", "Schmidt", "Sørensen", "Thomsen", "Vestergaard", "Winther", "Østergaard",
]

_UPPER = "A-ZÆØÅ"
_LOWER = "a-zæøåéü"
_WORD_SEP = r"[ \u00a0]+"
# A first name from the list, then one or two capitalised words (surnames, possibly
# hyphenated): "Tim Vermund", "Michael Eskamp Witek", "Anne-Mette Ravn-Hansen".
NAME_RE = re.compile(
    rf"(?=[{_UPPER}])(?<![\w-])(?:" + "|".join(FIRST_NAMES) + r")"
    r"(?:" + _WORD_SEP + rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?){{1,2}}(?![\w-])"
)

_MONTH_ALT = "|".join(MONTHS)
_WEEKDAY_ALT = "|".join(WEEKDAYS)
# One pass over every date form, so no date is shifted twice. (The leading lookahead lets the
# engine skip every position that cannot start a date cheaply.)
DATE_RE = re.compile(
    r"(?=\d)(?:"
    # 19. september 2023 (the parts may be wrapped onto the next line)
    rf"(?P<t_day>(?<![\d.])\d{{1,2}})\.(?P<t_s1>\s+)(?P<t_month>{_MONTH_ALT})\b"
    r"(?P<t_s2>\s+)(?P<t_year>\d{4})(?!\d)"
    # 19-09-2023, 20.6.2020, 19/09/2023
    r"|(?P<n_day>(?<![\w.\-/])\d{1,2})(?P<n_sep>[-./])(?P<n_month>\d{1,2})(?P=n_sep)"
    r"(?P<n_year>\d{4})(?![\w\-/]|\.\d)"
    # 9/9 2015
    r"|(?P<s_day>(?<![\w.\-/])\d{1,2})/(?P<s_month>\d{1,2})(?P<s_sp>[ \u00a0])"
    r"(?P<s_year>\d{4})(?![\w\-/]|\.\d)"
    # 2023-09-19
    r"|(?P<i_year>(?<![\w.\-/])\d{4})-(?P<i_month>\d{2})-(?P<i_day>\d{2})(?![\w\-/]|\.\d)"
    r")",
    re.IGNORECASE,
)
# A weekday just before a date ("Tirsdag d. 19. september 2023"): recomputed so it stays true.
WEEKDAY_BEFORE_RE = re.compile(rf"\b(?P<weekday>{_WEEKDAY_ALT})(?P<sep>\s+(?:d\.|den)\s+)$", re.I)

# A Danish-formatted number (thousands '.', decimal ',') followed by a krone unit.
AMOUNT_RE = re.compile(
    r"(?=\d)(?<![\w.,])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?P<unit>[ \u00a0]+(?:(?:mio|mia|t)\.?[ \u00a0]+)?kr\b\.?)"
)


def _match_date(m: re.Match) -> dt.date | None:
    """The date a DATE_RE match spells, or None when it is not a real calendar date."""
    try:
        if m.group("t_day"):
            month = MONTHS.index(m.group("t_month").lower()) + 1
            return dt.date(int(m.group("t_year")), month, int(m.group("t_day")))
        if m.group("n_day"):
            return dt.date(int(m.group("n_year")), int(m.group("n_month")), int(m.group("n_day")))
        if m.group("s_day"):
            return dt.date(int(m.group("s_year")), int(m.group("s_month")), int(m.group("s_day")))
        return dt.date(int(m.group("i_year")), int(m.group("i_month")), int(m.group("i_day")))
    except ValueError:
        return None


def _same_case(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word.capitalize()
    return word


def _day_month(d: dt.date, old_day: str, old_month: str) -> tuple[str, str]:
    """Day and month of `d`, zero-padded when the original was ("19-09-2023", "30/08 2016";
    not "20.6.2020")."""
    if old_day.startswith("0") or old_month.startswith("0") or len(old_day) == len(old_month) == 2:
        return f"{d.day:02d}", f"{d.month:02d}"
    return str(d.day), str(d.month)


def _format_date(m: re.Match, d: dt.date) -> str:
    """`d` written in the same format as the date matched by `m` (without any weekday)."""
    if m.group("t_day"):
        month = _same_case(MONTHS[d.month - 1], m.group("t_month"))
        return f"{d.day}.{m.group('t_s1')}{month}{m.group('t_s2')}{d.year}"
    if m.group("n_day"):
        sep = m.group("n_sep")
        day, month = _day_month(d, m.group("n_day"), m.group("n_month"))
        return f"{day}{sep}{month}{sep}{d.year}"
    if m.group("s_day"):
        day, month = _day_month(d, m.group("s_day"), m.group("s_month"))
        return f"{day}/{month}{m.group('s_sp')}{d.year}"
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def first_date(text: str) -> dt.date | None:
    """The meeting date: every export generation states it before any other full date."""
    for m in DATE_RE.finditer(text):
        d = _match_date(m)
        if d is not None:
            return d
    return None


def shift_dates(text: str, offset: dt.timedelta) -> str:
    pieces: list[str] = []
    done = 0  # text[:done] is in pieces
    for m in DATE_RE.finditer(text):
        d = _match_date(m)
        if d is None:
            continue
        new = d + offset
        before = text[done : m.start()]
        weekday = WEEKDAY_BEFORE_RE.search(before[-24:])
        if weekday:
            cut = len(before) - len(weekday.group(0))
            name = _same_case(WEEKDAYS[new.weekday()], weekday.group("weekday"))
            before = before[:cut] + name + weekday.group("sep")
        pieces += [before, _format_date(m, new)]
        done = m.end()
    pieces.append(text[done:])
    return "".join(pieces)


def swap_names(text: str, rng: random.Random) -> str:
    """Every distinct full name → a distinct pool name, the same one each time it recurs."""
    mapping: dict[str, str] = {}
    used: set[str] = set()

    def replace(m: re.Match) -> str:
        # Names wrapped or spaced with non-breaking spaces are the same person.
        key = re.sub(_WORD_SEP, " ", m.group(0))
        if key not in mapping:
            while True:
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
                if name not in used and name != key:
                    break
            used.add(name)
            mapping[key] = name
        return mapping[key]

    return NAME_RE.sub(replace, text)


def _danish_number(value: float, decimals: int, grouped: bool) -> str:
    whole_part, _, fraction = f"{value:.{decimals}f}".partition(".")
    if grouped or len(whole_part) > 4:
        groups = []
        while len(whole_part) > 3:
            groups.insert(0, whole_part[-3:])
            whole_part = whole_part[:-3]
        whole_part = ".".join([whole_part, *groups])
    return whole_part + ("," + fraction if decimals else "")


def perturb_amounts(text: str, rng: random.Random) -> str:
    def replace(m: re.Match) -> str:
        num = m.group("num")
        whole, _, fraction = num.partition(",")
        decimals = len(fraction)
        value = float(whole.replace(".", "") + ("." + fraction if fraction else ""))
        step = 10.0 ** -decimals
        for _ in range(20):
            new = round(value * rng.uniform(0.4, 2.2), decimals)
            if new >= step and new != value:
                break
        else:
            new = value + step
        # Keep round thousands round ("225.000 kr." → "310.000 kr.", not "310.417 kr.").
        if not decimals and whole.endswith("000"):
            new = max(1000.0, round(new, -3))
        return _danish_number(new, decimals, "." in whole) + m.group("unit")

    return AMOUNT_RE.sub(replace, text)


def make_variant(text: str, index: int, seed: int) -> tuple[str, dt.date]:
    """Variant `index` of one sample text, and its meeting date."""
    meeting = first_date(text)
    if meeting is None:
        raise ValueError("no full date in the sample: cannot give the variant its own date")
    new_meeting = START + dt.timedelta(days=index)
    rng = random.Random(seed * 1_000_003 + index)
    text = shift_dates(text, new_meeting - meeting)
    text = swap_names(text, rng)
    text = perturb_amounts(text, rng)
    return text, new_meeting


def toml_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(sample_dir: Path, count: int, out: Path, seed: int) -> None:
    samples = sorted(p for p in sample_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    if not samples:
        sys.exit(f"gen_corpus: no sample files in {sample_dir}")
    stamp = out / ".generated"
    # Regenerate when the samples, N, the seed or this generator change.
    fingerprint = hashlib.sha256(Path(__file__).read_bytes())
    for p in samples:
        fingerprint.update(p.name.encode() + b"\0" + p.read_bytes())
    signature = f"n={count} seed={seed} {fingerprint.hexdigest()}"
    if stamp.exists() and stamp.read_text() == signature:
        print(f"gen_corpus: {out} is up to date ({count} documents)")
        return
    texts = [(p.stem, p.suffix, p.read_text(encoding="utf-8")) for p in samples]
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.is_file():
            old.unlink()
    manifest = [
        f"# Generated by tools/bench/gen_corpus.py (seed {seed}): "
        f"{count} variants of {sample_dir}.",
        "[defaults]",
        f"municipality = {toml_string(MUNICIPALITY)}",
        f"committee = {toml_string(COMMITTEE)}",
        "",
    ]
    dates: set[dt.date] = set()
    for index in range(count):
        stem, suffix, text = texts[index % len(texts)]
        variant, meeting = make_variant(text, index, seed)
        assert meeting not in dates, "meeting dates must be unique within the committee"
        dates.add(meeting)
        name = f"{index:05d}_{stem}{suffix}"
        (out / name).write_text(variant, encoding="utf-8")
        manifest += ["[[source]]", f"location = {toml_string(name)}", ""]
    (out / "sources.toml").write_text("\n".join(manifest), encoding="utf-8")
    stamp.write_text(signature)
    print(f"gen_corpus: wrote {count} documents and sources.toml to {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=Path("data/corpus"))
    parser.add_argument("--count", "-n", type=int, required=True)
    parser.add_argument("--out", type=Path, help="default: bench-out/corpus-N")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    out = args.out or Path("bench-out") / f"corpus-{args.count}"
    generate(args.samples, args.count, out, args.seed)


if __name__ == "__main__":
    main()
