#!/usr/bin/python3
"""Writes testdata/basic/: a small survey whose exports carry the mess real
ones do (answer labels, missing codes, out-of-range and non-numeric values,
a reversed item, CRLF line ends, a UTF-8 BOM, quoted commas and newlines,
columns in another order, a short row, an all-blank response).

Deterministic: run it again and the files are the same bytes. The expected
figures come from servqual_oracle.py, not from here."""
import os
import random
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "testdata/basic"
rng = random.Random(20261123)

SPEC = """\
# Test survey for the end-to-end tests (written by tests/oracle/make_basic.py).
title: Test survey basic
language: en
scale: [1, 5]
missing: [0, 99]
id: rid
overall: sat
nps: nps
comment: remark
segments: [region]
labels: {Very satisfied: 5, Satisfied: 4, Neutral: 3, Dissatisfied: 2, Very dissatisfied: 1}
dimensions:
  - key: service
    label: Service
    items: [S1, S2, S3]
  - key: staff
    label: Staff
    items: [T1, T2, T3, T4]
    reverse: [T2]
  - key: price
    label: Price
    items: [P1, P2]
"""

LABELS = {5: "Very satisfied", 4: "Satisfied", 3: "Neutral",
          2: "Dissatisfied", 1: "Very dissatisfied"}
ITEMS = ["S1", "S2", "S3", "T1", "T2", "T3", "T4", "P1", "P2"]


def answer(base, labels=False):
    """One item cell: an answer near base, sometimes a code or junk."""
    u = rng.random()
    if u < 0.05:
        return "99"
    if u < 0.07:
        return "0"
    if u < 0.10:
        return ""
    if u < 0.12:
        return rng.choice(["7", "6", "-1", "n/a", "3.5"])
    v = min(5, max(1, round(base + rng.gauss(0, 0.9))))
    return LABELS[v] if labels and rng.random() < 0.5 else str(v)


def respondent(i, labels):
    base = rng.gauss(3.3, 0.8)
    cells = {name: answer(base, labels) for name in ITEMS}
    # T2 is worded negatively: its answers run the other way.
    if cells["T2"].isdigit() and 1 <= int(cells["T2"]) <= 5:
        cells["T2"] = str(6 - int(cells["T2"]))
    s = sum(int(c) for c in (cells["S1"], cells["T1"], cells["P1"])
            if c.isdigit() and 1 <= int(c) <= 5)
    sat = min(5, max(1, round(0.5 + 0.25 * s + rng.gauss(0, 0.6))))
    cells["sat"] = LABELS[sat] if labels else str(sat)
    if rng.random() < 0.04:
        cells["sat"] = ""
    cells["nps"] = str(min(10, max(0, round(2 * sat + rng.gauss(0, 1.5)))))
    cells["rid"] = "%s%03d" % ("A" if not labels else "B", i)
    cells["region"] = rng.choice(["North", "South"])
    cells["remark"] = rng.choice(["", "ok", "slow, but friendly",
                                  'said "fine"', "line one\nline two"])
    return cells


def quote(v):
    if any(c in v for c in ',"\n\r'):
        return '"' + v.replace('"', '""') + '"'
    return v


def write(path, columns, rows, eol, bom):
    with open(path, "w", newline="", encoding="utf-8") as f:
        if bom:
            f.write("\ufeff")
        f.write(",".join(columns) + eol)
        for r in rows:
            if r is None:       # a short (ragged) row
                continue
            f.write(",".join(quote(r.get(c, "")) for c in columns) + eol)


os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "survey.yaml"), "w") as f:
    f.write(SPEC)

cols_a = ["rid", "region"] + ITEMS + ["sat", "nps", "remark", "extra"]
rows_a = [respondent(i, False) for i in range(1, 51)]
write(os.path.join(OUT, "a.csv"), cols_a, rows_a, "\n", bom=True)

# b.csv: other column order, labels, CRLF, an all-blank response and a
# short row (its missing trailing fields are no answer).
cols_b = ["remark", "nps", "sat"] + ITEMS[::-1] + ["region", "rid"]
rows_b = [respondent(i, True) for i in range(1, 41)]
blank = {c: "" for c in cols_b}
blank["rid"] = "B999"
rows_b.insert(10, blank)
with open(os.path.join(OUT, "b.csv"), "w", newline="", encoding="utf-8") as f:
    f.write(",".join(cols_b) + "\r\n")
    for k, r in enumerate(rows_b):
        cells = [quote(r.get(c, "")) for c in cols_b]
        if k == 20:
            cells = cells[:6]       # ragged: only the first six fields
        f.write(",".join(cells) + "\r\n")
