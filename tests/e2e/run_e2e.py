#!/usr/bin/python3
"""End-to-end tests: run the satpipe binary on testdata/ and check what a
user sees. Figures are compared with testdata/basic/expected.json, written
by the independent oracle tests/oracle/servqual_oracle.py (numpy, scipy,
statsmodels); the workbook is read back with openpyxl.

Usage: run_e2e.py path/to/satpipe      (prints "N passed, N failed")
"""
import csv
import glob
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile

import openpyxl

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BASIC = os.path.join(ROOT, "testdata", "basic")
SAMPLES = os.path.join(ROOT, "samples")
CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def run(*args, cwd=None, env=None):
    p = subprocess.run([BIN, *args], cwd=cwd, capture_output=True,
                       text=True, timeout=120,
                       env=dict(os.environ, **env) if env else None)
    # Sanitizer findings must never hide behind an expected exit status.
    for word in ("Sanitizer", "runtime error:"):
        assert word not in p.stderr, "sanitizer finding:\n" + p.stderr
    assert p.returncode < 128, "killed by a signal: %d" % p.returncode
    return p


def expect(p, code, *patterns):
    assert p.returncode == code, "exit %d, expected %d\nstderr:\n%s" % (
        p.returncode, code, p.stderr)
    for pat in patterns:
        assert re.search(pat, p.stderr), "stderr lacks /%s/:\n%s" % (
            pat, p.stderr)


def near(a, b, path):
    if isinstance(b, dict):
        for k, v in b.items():
            if k != "path":
                assert k in a, "%s: key %s missing" % (path, k)
                near(a[k], v, path + "." + k)
    elif isinstance(b, list):
        assert len(a) == len(b), "%s: %d entries, expected %d" % (
            path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            near(x, y, "%s[%d]" % (path, i))
    elif isinstance(b, float):
        assert a is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b)), (
            "%s = %r, oracle %r" % (path, a, b))
    else:
        assert a == b, "%s = %r, expected %r" % (path, a, b)


class Tmp:
    """A scratch folder, removed afterwards."""
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="satpipe-e2e-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


def copy_basic(dst, spec_text=None):
    for name in ("a.csv", "b.csv", "survey.yaml"):
        shutil.copy(os.path.join(BASIC, name), dst)
    if spec_text is not None:
        with open(os.path.join(dst, "survey.yaml"), "w") as f:
            f.write(spec_text)


def basic_spec():
    with open(os.path.join(BASIC, "survey.yaml")) as f:
        return f.read()


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


@case
def basic_figures_match_the_oracle():
    with Tmp() as t:
        out, js = os.path.join(t, "out.xlsx"), os.path.join(t, "out.json")
        p = run("run", "-s", os.path.join(BASIC, "survey.yaml"), "-o", out,
                "--json", js, "--verbose", BASIC)
        expect(p, 0)
        got = json.load(open(js))
        want = json.load(open(os.path.join(BASIC, "expected.json")))
        near(got, want, "")
        r = got["responses"]
        assert r["read"] == r["valid"] + sum(r["excluded"].values())
        assert [os.path.basename(f["path"]) for f in got["files"]] == [
            "a.csv", "b.csv"]
        w = want["responses"]
        assert "%d responses read from 2 files: %d valid, %d excluded" % (
            w["read"], w["valid"], w["read"] - w["valid"]) in p.stdout, p.stdout


@case
def json_keys_follow_the_contract():
    with Tmp() as t:
        js = os.path.join(t, "out.json")
        expect(run("run", "-o", os.path.join(t, "o.xlsx"), "--json", js,
                   BASIC), 0)
        got = json.load(open(js))
        assert set(got["responses"]) >= {"read", "valid", "excluded"}
        dim = got["dimensions"][0]
        assert set(dim) >= {"key", "label", "n", "mean", "sd", "ci_low",
                            "ci_high", "top2", "items"}
        assert set(dim["items"][0]) >= {"column", "n", "mean", "sd", "top2"}
        assert set(got["drivers"]) >= {"n", "r2", "items"}
        assert set(got["drivers"]["items"][0]) >= {"key", "r", "beta"}
        assert set(got["overall"]) >= {"n", "mean", "sd", "ci_low", "ci_high",
                                       "top2"}


@case
def workbook_reads_back():
    with Tmp() as t:
        out = os.path.join(t, "out.xlsx")
        expect(run("run", "-o", out, BASIC), 0)
        want = json.load(open(os.path.join(BASIC, "expected.json")))
        wb = openpyxl.load_workbook(out)
        assert wb.sheetnames == ["Summary", "Priorities", "Recovery",
                                 "Dimensions", "Items", "Segments", "Drivers",
                                 "Data quality", "Exclusions", "Method"]
        s = wb["Summary"]
        assert s["A1"].value == "Test survey basic"
        w = want["responses"]
        col_a = [s.cell(row=r, column=1).value for r in range(1, 80)]
        r_read = col_a.index("Responses read") + 1
        assert s.cell(row=r_read, column=2).value == w["read"]
        assert col_a[r_read] == "Valid responses"
        assert s.cell(row=r_read + 1, column=2).value == w["valid"]
        assert col_a[r_read + 1] == "Excluded responses"
        assert s.cell(row=r_read + 2, column=2).value == w["read"] - w["valid"]
        r_overall = col_a.index("sat") + 1
        assert abs(s.cell(row=r_overall, column=3).value -
                   want["overall"]["mean"]) < 1e-12
        assert s.cell(row=r_overall, column=3).number_format == "0.0"
        assert s.cell(row=r_overall, column=6).number_format == "0.0%"
        r_nps = col_a.index("nps") + 1
        assert s.cell(row=r_nps - 1, column=1).value == "Net Promoter Score"
        got = json.load(open(os.path.join(BASIC, "expected.json")))
        r_dims = col_a.index("Dimension scores") + 3
        labels = [s.cell(row=r_dims + i, column=1).value for i in range(3)]
        assert labels == ["Service", "Staff", "Price"], labels
        for i, d in enumerate(want["dimensions"]):
            assert abs(s.cell(row=r_dims + i, column=3).value - d["mean"]) < 1e-12
        dims = wb["Dimensions"]
        assert dims.freeze_panes == "C2" and dims.print_title_rows == "$1:$1"
        assert dims.page_setup.orientation == "landscape"
        # Fit to one page across (fitToWidth's default 1), any number down.
        assert dims.sheet_properties.pageSetUpPr.fitToPage
        assert dims.page_setup.fitToHeight in (0, "0")
        assert dims["G3"].number_format == "0.0"      # a mean
        assert dims["O3"].number_format == "0.00"     # alpha
        assert dims["D1"].value == "n" and dims["G1"].value == "Mean"
        assert dims["D3"].value == want["dimensions"][1]["n"]
        assert dims["O1"].value == "Cronbach's alpha"
        assert abs(dims["O3"].value - want["dimensions"][1]["alpha"]) < 1e-12
        assert dims.conditional_formatting   # colour scales on means
        items = wb["Items"]
        cols = [items.cell(row=r, column=2).value for r in range(2, 11)]
        assert cols == ["S1", "S2", "S3", "T1", "T2", "T3", "T4", "P1", "P2"]
        assert items["C1"].value == "Question"
        assert items["D6"].value == "yes"       # T2 is reversed
        assert items["D5"].value is None
        heads = [c.value for c in items[1]]
        assert heads[-5:] == ["1", "2", "3", "4", "5"], heads
        t2 = want["dimensions"][1]["items"][1]
        shares = [items.cell(row=6, column=len(heads) - 4 + k).value
                  for k in range(5)]
        assert all(abs(a - b["share"]) < 1e-12
                   for a, b in zip(shares, t2["distribution"])), shares
        drv = wb["Drivers"]
        assert drv["A3"].value == "Drivers of sat: dimensions"
        assert drv["A5"].value == "Key" and drv["I5"].value == "Importance %"
        assert abs(drv["D6"].value - want["drivers"]["items"][0]["beta"]) < 1e-12
        assert abs(drv["I6"].value - want["drivers"]["items"][0]["rw_pct"]) < 1e-12
        pri = wb["Priorities"]
        assert pri["B4"].value == {d["key"]: d["label"] for d in
                                   want["dimensions"]}[want["priorities"][0]["key"]]
        assert pri["G4"].value in ("Concentrate here", "Keep up the good work",
                                   "Low priority", "Possible overkill")
        with zipfile.ZipFile(out) as z:
            assert "xl/charts/chart1.xml" in z.namelist()
            assert "xl/charts/chart3.xml" in z.namelist()   # 3 charts


@case
def chinese_workbook_labels():
    with Tmp() as t:
        copy_basic(t, basic_spec().replace("language: en", "language: zh-CN"))
        out = os.path.join(t, "out.xlsx")
        expect(run("run", "-o", out, t), 0)
        assert openpyxl.load_workbook(out).sheetnames == [
            "摘要", "改进优先级", "客户回访", "维度", "题项", "细分",
            "驱动因素", "数据质量", "剔除明细", "方法说明"]


@case
def invalid_values_are_named_by_file_line_and_column():
    with Tmp() as t:
        p = run("run", "-o", os.path.join(t, "o.xlsx"), BASIC)
        expect(p, 0,
               r"a\.csv:26:10: warning: column P1: -1 is outside the answers 1-5",
               r"b\.csv:24:12: warning: column S1: '3\.5' is neither an answer code",
               r"b\.csv:25: warning: this row has 6 fields but the header has "
               r"14; the response is excluded \(ragged_row\)")


@case
def spec_defaults_to_survey_yaml_beside_the_inputs():
    with Tmp() as t:
        copy_basic(t)
        expect(run("run", "-o", os.path.join(t, "o.xlsx"),
                   os.path.join(t, "a.csv")), 0)


@case
def check_validates_and_writes_nothing():
    with Tmp() as t:
        copy_basic(t)
        before = sorted(os.listdir(t))
        p = run("check", t, cwd=t)
        expect(p, 0)
        assert "survey.yaml: valid" in p.stdout, p.stdout
        assert sorted(os.listdir(t)) == before


@case
def missing_required_key_exits_2():
    with Tmp() as t:
        spec = basic_spec()
        copy_basic(t, spec[:spec.index("dimensions:")])
        p = run("run", "-o", os.path.join(t, "o.xlsx"), t)
        expect(p, 2, r"survey\.yaml:\d+: error: required key 'dimensions' is missing")
        assert not os.path.exists(os.path.join(t, "o.xlsx"))


@case
def item_absent_from_export_names_spec_line_and_file():
    with Tmp() as t:
        spec = basic_spec().replace("items: [S1, S2, S3]", "items: [S1, S2, S9]")
        copy_basic(t, spec)
        line = spec[:spec.index("S9")].count("\n") + 1
        p = run("run", "-o", os.path.join(t, "o.xlsx"), t)
        expect(p, 2, r"survey\.yaml:%d: error: dimension 'service': item S9 "
                     r"is not a column of .*a\.csv" % line)
        assert not os.path.exists(os.path.join(t, "o.xlsx"))


# Mistakes in the spec: (what, edits to testdata/basic/survey.yaml, exit
# status of 'satpipe check', patterns its stderr must hold).
SPEC_MISTAKES = [
    ("overall column absent", [("overall: sat", "overall: satisfaction")], 2,
     [r"survey\.yaml:7: error: key 'overall': column satisfaction is not a "
      r"column of .*a\.csv"]),
    ("yaml syntax error", [("scale: [1, 5]", "scale: [1, 5")], 2,
     [r"survey\.yaml:\d+:\d+: error: YAML syntax"]),
    ("several bad values at once",
     [("scale: [1, 5]", "scale: [5, 1]"), ("reverse: [T2]", "reverse: [S1]"),
      ("language: en", "language: fr")], 2,
     [r"survey\.yaml:4: error: key 'scale': \[5, 1\] is not a rating scale",
      r"survey\.yaml:19: error: dimension 'staff': reverse item S1 is not "
      r"one of its items",
      r"survey\.yaml:3: error: key 'language': 'fr' is not supported"]),
    ("unknown key", [("title:", "titel:")], 0,
     [r"survey\.yaml:2: warning: unknown key 'titel' is ignored; did you "
      r"mean 'title'\?"]),
    ("dimension without items", [("    items: [P1, P2]\n", "")], 2,
     [r"survey\.yaml:20: error: dimension 'price' has no 'items'"]),
]


def spec_mistake_case(what, edits, code, patterns):
    def test():
        with Tmp() as t:
            spec = basic_spec()
            for old, new in edits:
                assert old in spec, old
                spec = spec.replace(old, new)
            copy_basic(t, spec)
            expect(run("check", t), code, *patterns)
    test.__name__ = "spec mistake: " + what
    return test


for entry in SPEC_MISTAKES:
    CASES.append(spec_mistake_case(*entry))


@case
def no_overall_gives_notes_not_numbers():
    with Tmp() as t:
        copy_basic(t, basic_spec().replace("overall: sat\n", ""))
        js, out = os.path.join(t, "o.json"), os.path.join(t, "o.xlsx")
        p = run("run", "-o", out, "--json", js, t)
        expect(p, 0, r"warning: key drivers: The spec names no 'overall' column")
        got = json.load(open(js))
        assert got["overall"] is None
        assert got["drivers"]["r2"] is None and got["drivers"]["n"] == 0
        assert all(d["beta"] is None for d in got["drivers"]["items"])
        wb = openpyxl.load_workbook(out)
        drv = wb["Drivers"]
        assert drv["A3"].value == "Drivers of -: dimensions"
        assert drv["C6"].value is None and drv["D6"].value is None  # blanks
        assert "no 'overall' column" in drv["A9"].value
        assert wb["Priorities"]["A2"].value.startswith("No priorities")
        assert got["priorities"] == []


@case
def missing_input_file_exits_1():
    with Tmp() as t:
        copy_basic(t)
        p = run("run", "-s", os.path.join(t, "survey.yaml"), "-o",
                os.path.join(t, "o.xlsx"), os.path.join(t, "nope.csv"))
        expect(p, 1, r"nope\.csv: error: cannot open: No such file or directory")


@case
def unreadable_file_exits_1():
    if os.geteuid() == 0:
        # root reads any file whatever its mode: nothing to test here.
        return
    with Tmp() as t:
        copy_basic(t)
        os.chmod(os.path.join(t, "b.csv"), 0)
        expect(run("run", "-o", os.path.join(t, "o.xlsx"), t), 1,
               r"b\.csv: error: cannot open: Permission denied")


@case
def empty_file_exits_1_and_names_it():
    with Tmp() as t:
        copy_basic(t)
        open(os.path.join(t, "c.csv"), "w").close()
        p = run("run", "-o", os.path.join(t, "o.xlsx"), t)
        expect(p, 1, r"c\.csv: error: the file is empty \(no header row\)")
        assert not os.path.exists(os.path.join(t, "o.xlsx"))


@case
def folder_without_csv_exits_1():
    with Tmp() as t:
        os.mkdir(os.path.join(t, "in"))
        shutil.copy(os.path.join(BASIC, "survey.yaml"), os.path.join(t, "in"))
        expect(run("check", os.path.join(t, "in")), 1,
               r"in: error: the folder holds no \.csv file")


@case
def unterminated_quote_excludes_one_response_and_goes_on():
    with Tmp() as t:
        copy_basic(t)
        with open(os.path.join(t, "a.csv"), "a") as f:
            f.write('A999,North,1,2,3,4,5,1,2,3,4,5,9,"cut off\nA1000,x\n')
        js = os.path.join(t, "o.json")
        p = run("run", "-o", os.path.join(t, "o.xlsx"), "--json", js, t)
        expect(p, 0, r"a\.csv:62: warning: a quoted field opened on or after "
                     r"this line is never closed, so lines 62-63 are one "
                     r"broken response, excluded \(cut_off\)")
        r = json.load(open(js))["responses"]
        want = json.load(open(os.path.join(BASIC, "expected.json")))["responses"]
        assert r["read"] == want["read"] + 1
        assert r["excluded"]["cut_off"] == 1
        assert r["valid"] == want["valid"]


@case
def failed_run_leaves_earlier_workbook_untouched():
    with Tmp() as t:
        copy_basic(t)
        out = os.path.join(t, "report.xlsx")
        with open(out, "wb") as f:
            f.write(b"earlier workbook")
        before = sha(out)
        open(os.path.join(t, "c.csv"), "w").close()    # makes the run fail
        p = run("run", "-o", out, "--json", os.path.join(t, "r.json"), t)
        assert p.returncode == 1
        assert sha(out) == before
        assert not os.path.exists(os.path.join(t, "r.json"))
        assert not [n for n in os.listdir(t) if n.startswith(".")], os.listdir(t)


@case
def the_same_input_gives_the_same_bytes():
    import datetime
    with Tmp() as t:
        digests = []
        for k in range(2):
            x, j = (os.path.join(t, "o%d.%s" % (k, e)) for e in ("xlsx", "json"))
            expect(run("run", "-o", x, "--json", j, SAMPLES), 0)
            digests.append((sha(x), sha(j)))
            time.sleep(1.1)     # a workbook dated by the clock would differ
        assert digests[0] == digests[1]
        # samples/ has no submission times: 1980-01-01, the zip entries' date
        created = openpyxl.load_workbook(os.path.join(t, "o0.xlsx")
                                         ).properties.created
        assert created == datetime.datetime(1980, 1, 1), created
        props = openpyxl.load_workbook(os.path.join(t, "o0.xlsx")).properties
        assert props.title == "Retail service quality (synthetic sample)"
        assert props.subject == "Customer satisfaction: findings and priorities"
        x = os.path.join(t, "epoch.xlsx")
        expect(run("run", "-o", x, SAMPLES,
                   env={"SOURCE_DATE_EPOCH": "1790000000"}), 0)
        assert openpyxl.load_workbook(x).properties.created == \
            datetime.datetime(2026, 9, 21, 14, 13, 20)   # date -u -d @1790000000
        expect(run("run", "-o", x, SAMPLES, env={"SOURCE_DATE_EPOCH": "soon"}),
               2, r"SOURCE_DATE_EPOCH='soon' is not a time")
        # Qualtrics exports carry EndDate: the latest valid one dates it.
        qualtrics = os.path.join(ROOT, "testdata", "layouts", "qualtrics")
        with open(glob.glob(os.path.join(qualtrics, "*.csv"))[0],
                  encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))[3:]
        latest = max(datetime.datetime.strptime(r[1], "%Y-%m-%d %H:%M:%S")
                     for r in rows)
        expect(run("run", "-o", x, qualtrics), 0)
        assert openpyxl.load_workbook(x).properties.created == latest


def stop_while_writing(signals, left_behind_allowed):
    """Runs satpipe on a generated export over an earlier workbook and sends
    each of `signals` the moment an output's temporary file appears (while
    the outputs are written), a run each. The earlier workbook must stay
    whole; temporary files may stay only if left_behind_allowed (SIGKILL
    cannot be caught). Returns how many runs were stopped mid-write."""
    with Tmp() as t:
        data = os.path.join(t, "data")
        expect(run("gen", "--responses", "60000", "--seed", "5", "-o", data), 0)
        out = os.path.join(t, "o.xlsx")
        with open(out, "wb") as f:
            f.write(b"earlier workbook")
        before = sha(out)
        stopped = 0
        for sig in signals:
            p = subprocess.Popen([BIN, "run", "--bootstrap", "0", "-o", out,
                                  "--json", os.path.join(t, "o.json"), data],
                                 stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            while p.poll() is None and not [
                    n for n in os.listdir(t) if n.startswith(".o.")]:
                time.sleep(0.0005)
            p.send_signal(sig)
            p.wait()
            if p.returncode == 0:       # it finished first: whole, not torn
                break
            assert p.returncode == -sig, p.returncode
            assert sha(out) == before, "stopped mid-write by %s" % sig
            left = [n for n in os.listdir(t) if n.startswith(".o.")]
            assert left_behind_allowed or not left, "left: %s" % left
            stopped += bool(left) or not left_behind_allowed
            for n in left:              # what SIGKILL cannot clean up
                os.unlink(os.path.join(t, n))
        expect(run("run", "--bootstrap", "0", "-o", out, data), 0)
        assert sha(out) != before
        assert openpyxl.load_workbook(out, read_only=True)["Summary"]
        return stopped


@case
def a_killed_run_leaves_the_earlier_workbook_whole():
    assert stop_while_writing([signal.SIGKILL] * 5, True) >= 1


@case
def stopped_run_leaves_no_temporary_file():
    # SIGINT and SIGTERM: the handler removes the temporary files, and the
    # run dies of the signal as it would have.
    assert stop_while_writing([signal.SIGINT, signal.SIGTERM] * 3, False) >= 1


@case
def quiet_under_cron_talkative_on_a_terminal():
    qualtrics = os.path.join(ROOT, "testdata", "layouts", "qualtrics")
    with Tmp() as t:
        out = os.path.join(t, "o.xlsx")
        # No terminal (cron): no summary; warnings still on stderr.
        p = run("run", "--bootstrap", "0", "-o", out, qualtrics)
        expect(p, 0, r"warning: key drivers: Only 12 responses")
        assert p.stdout == "", p.stdout
        # --quiet: errors only.
        p = run("run", "--bootstrap", "0", "-q", "-o", out, qualtrics)
        assert (p.returncode, p.stdout, p.stderr) == (0, "", "")
        p = run("run", "-q", "-o", out, os.path.join(t, "none.csv"))
        expect(p, 1, r"survey\.yaml: error: cannot open the survey spec")
        p = run("check", "--quiet", qualtrics)
        assert (p.returncode, p.stdout, p.stderr) == (0, "", "")
        # --verbose: the summary and each step's time, without a terminal.
        p = run("run", "--bootstrap", "0", "-v", "-o", out, qualtrics)
        expect(p, 0, r"satpipe: read in \d+\.\d\d s",
               r"satpipe: cleaned and analysed in ",
               r"satpipe: wrote the outputs in ")
        assert p.stdout.startswith("12 responses read from 1 file: 12 valid")
        # A terminal: a progress line on stderr, the summary on stdout.
        import pty
        master, slave = pty.openpty()
        proc = subprocess.Popen([BIN, "run", "--bootstrap", "0", "-o", out,
                                 qualtrics], stdout=slave, stderr=slave)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:         # the terminal closed: the run ended
                break
            if not chunk:
                break
            seen += chunk
        os.close(master)
        assert proc.wait(timeout=60) == 0
        text = seen.decode("utf-8")
        assert "\rsatpipe: cleaning and analysing\u2026" in text, text
        assert "12 responses read from 1 file" in text, text
        assert "Wrote " + out in text, text


@case
def text_beyond_excel_limit_is_cut_with_a_marker():
    """Excel holds 32,767 UTF-16 units per cell; libxlsxwriter refuses more
    and would have cost the whole workbook."""
    with Tmp() as t:
        for name in os.listdir(SAMPLES):
            shutil.copy(os.path.join(SAMPLES, name), t)
        path = os.path.join(t, "export_01.csv")
        with open(path, encoding="utf-8") as f:
            rows = list(csv.reader(f))
        long_ids = {"Y" * 40000, "\U0001F600" * 20000}   # 40,000 units each
        for row, rid in zip(rows[50:52], sorted(long_ids)):
            row[0], row[2] = rid, "1"       # 1 second: excluded, listed
        rows[1][3] = "=HYPERLINK(\"http://x\")"   # a region that looks like a formula
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
        out = os.path.join(t, "o.xlsx")
        expect(run("run", "--bootstrap", "0", "-o", out, t), 0)
        wb = openpyxl.load_workbook(out)
        ids = [c.value for c in wb["Exclusions"]["C"] if c.value]
        cut = [v for v in ids if len(v) > 1000]
        assert len(cut) == 2, [len(v) for v in ids]
        marker = " [\u2026cut at 32,767 characters]"
        for v in cut:
            assert len(v.encode("utf-16-le")) // 2 <= 32767
            assert v.endswith(marker)
            kept = v[:-len(marker)]
            assert any(i.startswith(kept) for i in long_ids)
            assert len(kept.encode("utf-16-le")) // 2 > 32700
        values = [c.value for c in wb["Segments"]["A"] if c.value]
        assert "=HYPERLINK(\"http://x\")" in values     # text, not a formula
        assert all(c.data_type != "f" for c in wb["Segments"]["A"])


@case
def unwritable_output_folder_exits_1_with_no_file():
    with Tmp() as t:
        out = os.path.join(t, "missing", "o.xlsx")
        js = os.path.join(t, "o.json")
        p = run("run", "-o", out, "--json", js, BASIC)
        expect(p, 1, r"missing/o\.xlsx: error: cannot create the output file")
        assert not os.path.exists(js)


@case
def unwritable_tmpdir_for_comments_exits_1_with_no_file():
    # 30,000 distinct comments: more than the 1 MB kept in memory, so the
    # rest must go to a temporary file in TMPDIR, which does not exist.
    with Tmp() as t:
        csv = os.path.join(t, "big.csv")
        with open(csv, "w") as f:
            f.write("rid,note,Q1,Q2\n")
            for k in range(30000):
                f.write("R%d,comment number %d and longer than an id,%d,%d\n"
                        % (k, k, 1 + k % 5, 1 + k // 5 % 5))
        with open(os.path.join(t, "survey.yaml"), "w") as f:
            f.write("scale: [1, 5]\nid: rid\ncomment: note\n"
                    "dimensions:\n  - {key: d, items: [Q1, Q2]}\n")
        out = os.path.join(t, "o.xlsx")
        p = run("run", "-o", out, csv,
                env={"TMPDIR": os.path.join(t, "missing")})
        expect(p, 1, r"big\.csv:\d+: error: cannot write the temporary file "
               r"in .*/missing .*set TMPDIR")
        assert not os.path.exists(out)
        p = run("run", "-o", out, csv, env={"TMPDIR": t})
        expect(p, 0)
        assert sorted(os.listdir(t)) == ["big.csv", "o.xlsx", "survey.yaml"]


def bad_cases():
    """(input, spec, exit status, patterns) of tests/bad/expected.txt."""
    bad = os.path.join(ROOT, "tests", "bad")
    with open(os.path.join(bad, "expected.txt")) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, spec, code, patterns = [x.strip() for x in line.split("|")]
            yield (os.path.join(bad, name),
                   os.path.join(bad, "survey.yaml" if spec == "-" else spec),
                   int(code), [p for p in patterns.split(" && ") if p])


def answer_clearly(inp, spec, code, patterns, t, extra=()):
    out = os.path.join(t, "o.xlsx")
    cleaned = os.path.join(t, "o.csv")
    for f in (out, cleaned):
        if os.path.exists(f):
            os.remove(f)
    p = run("run", "-s", spec, "-o", out, "--cleaned", cleaned, *extra, inp)
    try:
        expect(p, code, *patterns)
    except AssertionError as e:
        raise AssertionError("%s: %s" % (os.path.basename(inp), e))
    if code not in (0, 3):
        assert not os.path.exists(out) and not os.path.exists(cleaned), inp
        assert os.listdir(t) == [] or all(
            not f.startswith(".o.") for f in os.listdir(t)), os.listdir(t)
    return out, cleaned


def sanitized(binary):
    with open(binary, "rb") as f:
        return b"__asan" in f.read()


@case
def every_allocation_failing_ends_cleanly():
    # Each place in satpipe's code that allocates fails once in turn
    # (tests/fault/failmalloc.c, preloaded): on testdata/basic with every
    # output, and on the samples with a history file, one thread. Each run
    # must reach its place, end with exit 1 saying "out of memory", and
    # leave no output and no temporary file. Sanitizer builds bring their
    # own allocator: this runs in the plain build.
    if sanitized(BIN):
        return
    shim = os.path.join(os.path.dirname(BIN), "failmalloc.so")
    runs = [
        ["--bootstrap", "20", "--wave", "W1", BASIC],
        ["--bootstrap", "20", "--wave", "2026Q3", "-s",
         os.path.join(ROOT, "samples", "survey.yaml"),
         os.path.join(ROOT, "samples")],
    ]
    total = 0
    with Tmp() as t:
        for args in runs:
            def go(t_out, env):
                cmd = [BIN, "run", "-q", "--threads", "1",
                       "-o", os.path.join(t_out, "o.xlsx"),
                       "--json", os.path.join(t_out, "o.json"),
                       "--cleaned", os.path.join(t_out, "c.csv"),
                       "--recovery", os.path.join(t_out, "r.csv"),
                       "--exclusions", os.path.join(t_out, "e.csv"),
                       "--history", os.path.join(t_out, "h.db"), *args]
                return subprocess.run(cmd, capture_output=True, text=True,
                                      timeout=120,
                                      env=dict(os.environ, LD_PRELOAD=shim,
                                               **env))
            sites_file = os.path.join(t, "sites")
            rec = os.path.join(t, "record")
            os.mkdir(rec)
            p = go(rec, {"FAILMALLOC_SITES": sites_file})
            assert p.returncode == 0, p.stderr
            with open(sites_file) as f:
                sites = f.read().split()
            assert len(sites) >= 100, len(sites)
            for site in sites:
                out = os.path.join(t, "out")
                hit = os.path.join(t, "hit")
                shutil.rmtree(out, ignore_errors=True)
                os.mkdir(out)
                if os.path.exists(hit):
                    os.unlink(hit)
                p = go(out, {"FAILMALLOC_SITE": site, "FAILMALLOC_HIT": hit})
                assert os.path.exists(hit), "site %s not reached" % site
                assert p.returncode == 1 and "out of memory" in p.stderr, (
                    site, p.returncode, p.stderr[-500:])
                left = [n for n in os.listdir(out) if not n.startswith("h.db")]
                assert not left, (site, left)
                total += 1
            shutil.rmtree(rec)
    assert total >= 200, total


@case
def full_disk_leaves_the_earlier_workbook():
    # A disk that fills while the workbook is written, made by a file size
    # limit (RLIMIT_FSIZE, SIGXFSZ ignored so that write fails with EFBIG
    # as on a full disk): exit 1 saying so, the earlier workbook whole, no
    # temporary file left.
    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (16 << 10, 16 << 10))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    with Tmp() as t:
        out = os.path.join(t, "o.xlsx")
        with open(out, "wb") as f:
            f.write(b"earlier workbook")
        before = sha(out)
        p = subprocess.run([BIN, "run", "-o", out, BASIC], capture_output=True,
                           text=True, timeout=120, preexec_fn=small_files)
        assert p.returncode == 1, (p.returncode, p.stderr)
        assert re.search(r"o\.xlsx: error: cannot write the workbook: .*"
                         r"\(no room left: free some space, or write "
                         r"elsewhere, and run again\)", p.stderr), p.stderr
        assert sha(out) == before
        assert os.listdir(t) == ["o.xlsx"], os.listdir(t)


@case
def bad_inputs_answer_clearly():
    """Every case of tests/bad/expected.txt, then three made here: a field
    of 5 MB (its row excluded as oversized), 20,000 columns, and a header
    name of 10,000 characters; and an output that cannot be created."""
    n = 0
    with Tmp() as t:
        for inp, spec, code, patterns in bad_cases():
            out, cleaned = answer_clearly(inp, spec, code, patterns, t)
            n += 1
            name = os.path.basename(inp)
            if name == "formula_text.csv":
                # Formula-looking text stays text: a leading apostrophe in
                # the CSV, a string (never a formula) in the workbook.
                with open(cleaned) as f:
                    text = f.read()
                for word in ("'=HYPERLINK", "'+1+2", "'@SUM"):
                    assert word in text, word
                wb = openpyxl.load_workbook(out)
                for ws in wb.worksheets:
                    for row in ws.iter_rows():
                        for c in row:
                            assert c.data_type != "f", (ws.title, c.coordinate)
            if name == "cr_line_ends.csv":   # all ten rows read, none lost
                with open(cleaned, newline="") as f:
                    assert len(list(csv.reader(f))) == 1 + 10
            if name == "odd_segment_values.csv":
                wb = openpyxl.load_workbook(out)
                cells = [c.value for r in wb["Segments"].iter_rows()
                         for c in r]
                assert "North/South: [A]*?" in cells and "X" * 100 in cells
        bad = os.path.join(ROOT, "tests", "bad")
        header = "rid,sat,note,region,A1,A2,B1,B2"
        rows = ["R%d,%d,c%d,North,%d,%d,%d,%d" % (k, 1 + k % 5, k,
                1 + k % 5, 1 + (k + 1) % 5, 1 + (k + 2) % 5, 1 + (k + 3) % 5)
                for k in range(1, 11)]
        made = os.path.join(t, "made")
        os.mkdir(made)
        big = os.path.join(made, "five_mb_field.csv")
        with open(big, "w") as f:
            f.write("\n".join([header] + rows) + "\n")
            f.write("R99,4,%s,North,4,5,3,4\n" % ("x" * (5 << 20)))
        wide = os.path.join(made, "twenty_thousand_columns.csv")
        with open(wide, "w") as f:
            f.write(header + "".join(",X%d" % i for i in range(20000 - 8)))
            f.write("\n")
            for r in rows:
                f.write(r + ",0" * (20000 - 8) + "\n")
        long_name = os.path.join(made, "long_header_name.csv")
        with open(long_name, "w") as f:
            f.write("rid,sat,note,region,A1,A2,B1," + "B" * 10000 + "\n")
            f.write("\n".join(rows) + "\n")
        made_cases = [
            (big, 0, [r"five_mb_field\.csv:12: warning: a field of this row "
                      r"is longer than 1048576 bytes; the response is "
                      r"excluded \(oversized_field\)"]),
            (wide, 0, []),
            (long_name, 2, [r"survey\.yaml:\d+: error: dimension 'b': item B2 "
                            r"is not a column of .*long_header_name\.csv"]),
        ]
        spec = os.path.join(bad, "survey.yaml")
        out_dir = os.path.join(t, "out")
        os.mkdir(out_dir)
        for inp, code, patterns in made_cases:
            answer_clearly(inp, spec, code, patterns, out_dir)
            n += 1
        if os.geteuid() != 0:   # root reads whatever the mode says
            locked = os.path.join(made, "locked.csv")
            shutil.copy(os.path.join(bad, "ok.csv"), locked)
            os.chmod(locked, 0)
            answer_clearly(locked, spec, 1, [
                r"locked\.csv: error: cannot open: Permission denied; check "
                r"the path and its permissions"], out_dir)
            n += 1
        p = run("run", "-s", spec, "-o", "/proc/satpipe-e2e.xlsx",
                os.path.join(bad, "ok.csv"))
        expect(p, 1, r"/proc/satpipe-e2e\.xlsx: error: cannot create the "
                     r"output file: .*check that the folder exists")
        n += 1
    assert n >= 25, n


@case
def outputs_replace_atomically_and_keep_umask_mode():
    with Tmp() as t:
        out = os.path.join(t, "o.xlsx")
        expect(run("run", "-o", out, BASIC), 0)
        expect(run("run", "-o", out, BASIC), 0)
        assert os.listdir(t) == ["o.xlsx"]
        mask = os.umask(0)
        os.umask(mask)
        assert os.stat(out).st_mode & 0o777 == 0o666 & ~mask


@case
def demo_samples_run():
    with Tmp() as t:
        js = os.path.join(t, "demo.json")
        expect(run("run", "-o", os.path.join(t, "demo.xlsx"), "--json", js,
                   SAMPLES), 0)
        got = json.load(open(js))
        r = got["responses"]
        planted = planted_ids(SAMPLES)
        # 800 respondents, the double submissions written twice.
        assert r["read"] == 800 + len(planted["duplicate"])
        assert r["read"] == r["valid"] + sum(r["excluded"].values())
        assert r["excluded"]["no_answers"] == len(planted["no_answers"])
        # The generator's importances rank reliability first, tangibles last.
        betas = {d["key"]: d["beta"] for d in got["drivers"]["items"]}
        assert max(betas, key=betas.get) == "reliability"
        assert min(betas, key=betas.get) == "tangibles"


@case
def gen_is_reproducible_and_made_the_samples():
    with Tmp() as t:
        expect(run("gen", "--responses", "800", "--seed", "2026", "--files",
                   "2", "-o", t), 0)
        for name in ("survey.yaml", "export_01.csv", "export_02.csv",
                     "planted.tsv"):
            assert sha(os.path.join(t, name)) == sha(os.path.join(SAMPLES, name)), name
        # It never overwrites (the folder may hold a real spec).
        before = sha(os.path.join(t, "survey.yaml"))
        expect(run("gen", "--responses", "5", "-o", t), 1,
               r"survey\.yaml: error: already exists; gen writes only new files")
        assert sha(os.path.join(t, "survey.yaml")) == before


@case
def command_line_help_and_usage():
    p = run("run", "--help")
    assert p.returncode == 0 and p.stdout.startswith("Usage: satpipe run")
    p = run("--version")
    assert p.returncode == 0 and re.match(r"satpipe \d+\.\d+\.\d+", p.stdout)
    expect(run("run"), 2, r"no input given")
    expect(run("frobnicate"), 2, r"unknown command 'frobnicate'")
    expect(run("run", "--bogus", BASIC), 2, r"Usage: satpipe run")
    expect(run("gen", "--responses", "ten", "-o", "/tmp"), 2,
           r"'ten' is not a whole number")


LAYOUTS = os.path.join(ROOT, "testdata", "layouts")
# folder -> (layout, encoding) satpipe must detect
LAYOUT_CASES = {
    "qualtrics": ("qualtrics", "UTF-8"),
    "qualtrics_legacy": ("qualtrics", "UTF-8"),
    "surveymonkey": ("surveymonkey", "UTF-8"),
    "wenjuanxing": ("wenjuanxing", "GB18030"),
    "limesurvey": ("limesurvey", "UTF-8"),
    "google_forms": ("google-forms", "UTF-8"),
    "excel_semicolon": ("plain", "UTF-8"),
    "utf16le": ("plain", "UTF-16LE"),
    "utf16be": ("plain", "UTF-16BE"),
    "gbk": ("plain", "GB18030"),
}


def run_json(folder, *extra):
    with Tmp() as t:
        js = os.path.join(t, "o.json")
        p = run("run", *extra, "-o", os.path.join(t, "o.xlsx"), "--json", js,
                folder)
        expect(p, 0)
        return json.load(open(js)), p


def item_figures(got):
    return [(i["n"], i["mean"]) for d in got["dimensions"] for i in d["items"]]


@case
def every_layout_and_encoding_matches_the_reference():
    ref, _ = run_json(os.path.join(LAYOUTS, "reference"))
    assert ref["responses"]["valid"] == 12
    for folder, (layout, encoding) in LAYOUT_CASES.items():
        got, p = run_json(os.path.join(LAYOUTS, folder))
        # Reading gives no warning (12 respondents are few for drivers).
        reading = [l for l in p.stderr.splitlines() if "drivers:" not in l]
        assert not re.search("warning|error", "\n".join(reading)), (
            folder, p.stderr)
        f = got["files"][0]
        assert (f["layout"], f["encoding"]) == (layout, encoding), (folder, f)
        # Exact equality: the same answers must give the same doubles.
        assert item_figures(got) == item_figures(ref), folder
        assert got["overall"]["mean"] == ref["overall"]["mean"], folder
        for key in ("read", "valid", "excluded"):
            assert got["responses"][key] == ref["responses"][key], folder


@case
def infer_drafts_a_spec_that_runs_on_every_layout():
    ref, _ = run_json(os.path.join(LAYOUTS, "reference"))
    for folder in ["reference", *LAYOUT_CASES]:
        with Tmp() as t:
            draft = os.path.join(t, "draft.yaml")
            expect(run("infer", "-o", draft, os.path.join(LAYOUTS, folder)), 0)
            got, _ = run_json(os.path.join(LAYOUTS, folder), "-s", draft)
            # The reference's four items come first, in order, in every
            # draft; overall is found wherever a header names it.
            assert item_figures(got)[:4] == item_figures(ref), folder
            if folder != "limesurvey":   # code headings: no question text
                assert got["overall"]["mean"] == ref["overall"]["mean"], folder
            text = open(draft, encoding="utf-8").read()
            assert re.search(r"^nps: .*#", text, re.M), (folder, text)
            assert "layout: %s" % LAYOUT_CASES.get(folder, ("plain",))[0] in text


@case
def infer_never_overwrites_and_explains():
    with Tmp() as t:
        out = os.path.join(t, "s.yaml")
        open(out, "w").write("mine")
        expect(run("infer", "-o", out, os.path.join(LAYOUTS, "qualtrics")), 1,
               r"s\.yaml: error: cannot write: File exists \(infer never "
               r"overwrites a spec\)")
        assert open(out).read() == "mine"
        p = run("infer", os.path.join(LAYOUTS, "qualtrics"))
        assert 'overall: "Q3"   # the question mentions overall' in p.stdout
        assert 'items: ["Q1_1", "Q1_2"]   # items sharing "Q1"' in p.stdout


@case
def question_text_labels_items_in_the_workbook():
    with Tmp() as t:
        out, js = os.path.join(t, "o.xlsx"), os.path.join(t, "o.json")
        expect(run("run", "-o", out, "--json", js,
                   os.path.join(LAYOUTS, "qualtrics")), 0)
        items = openpyxl.load_workbook(out)["Items"]
        assert items["B2"].value == "Q1_1"
        assert items["C2"].value == "How satisfied are you with our service? - Speed"
        got = json.load(open(js))
        assert got["dimensions"][1]["items"][1]["column"] == \
            "How satisfied are you with our staff? - Knowledge"


@case
def keep_going_skips_an_unreadable_file_and_says_why():
    with Tmp() as t:
        copy_basic(t)
        open(os.path.join(t, "c.csv"), "w").close()
        expect(run("run", "-o", os.path.join(t, "o.xlsx"), t), 1,
               r"c\.csv: error: the file is empty")
        out, js = os.path.join(t, "o.xlsx"), os.path.join(t, "o.json")
        p = run("run", "--keep-going", "-o", out, "--json", js, t)
        expect(p, 0, r"c\.csv: warning: skipped \(--keep-going\): the file is empty")
        files = json.load(open(js))["files"]
        assert files[2]["skipped"].startswith("the file is empty")
        assert files[0]["skipped"] is None
        summary = openpyxl.load_workbook(out)["Summary"]
        cells = [(c.value) for row in summary.iter_rows() for c in row]
        assert "Skipped input file" in cells


@case
def a_column_one_file_lacks_warns_unless_required():
    with Tmp() as t:
        copy_basic(t)
        with open(os.path.join(t, "c.csv"), "w") as f:
            f.write("rid,S1,S2,S3,T1,T2,T3,T4,P1,P2,sat\nC1,5,5,5,5,1,5,5,5,5,5\n")
        js = os.path.join(t, "o.json")
        p = run("run", "-o", os.path.join(t, "o.xlsx"), "--json", js, t)
        expect(p, 0, r"c\.csv: warning: lacks column nps \(.*survey\.yaml, "
                     r"line 8\): its 1 responses count as no answer there")
        assert json.load(open(js))["responses"]["read"] == 92
        copy_basic(t, basic_spec() + "required: [nps]\n")
        expect(run("run", "-o", os.path.join(t, "o.xlsx"), t), 1,
               r"c\.csv:1: error: the file lacks column nps, which the spec "
               r"marks required")


@case
def layout_and_encoding_overrides_are_honoured():
    gbk = os.path.join(LAYOUTS, "gbk")
    with Tmp() as t:
        shutil.copy(os.path.join(gbk, "中文.csv"), t)
        spec = open(os.path.join(gbk, "survey.yaml"), encoding="utf-8").read()
        # Forcing UTF-8 on a GBK file: every Chinese cell is reported.
        with open(os.path.join(t, "survey.yaml"), "w", encoding="utf-8") as f:
            f.write(spec + "encoding: utf-8\n")
        expect(run("check", t), 2, r"survey\.yaml:\d+: error: dimension "
                                   r"'service': item 速度 is not a column")
        with open(os.path.join(t, "survey.yaml"), "w", encoding="utf-8") as f:
            f.write(spec + "encoding: gbk\nlayout: plain\n")
        expect(run("check", t), 0)
        with open(os.path.join(t, "survey.yaml"), "w", encoding="utf-8") as f:
            f.write(spec + "layout: qualtrix\n")
        expect(run("check", t), 2, r"survey\.yaml:11: error: key 'layout': "
                                   r"'qualtrix' is not a known layout; did "
                                   r"you mean qualtrics\?")


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


@case
def bad_rows_are_excluded_with_their_reason_and_the_run_goes_on():
    header = b"id,S1,S2,T1,T2,overall,nps,comment\n"
    # Four good rows, so that one bad row stays under the quality gate.
    good = b"".join(b"R,4,3,5,%d,4,9,fine\n" % k for k in range(1, 5))
    cases = {
        # file: (bytes, expected exclusion key or None, stderr pattern)
        "nul.csv": (header + good + b"R,4,\x003,5,4,4,9,x\n", "nul_bytes",
                    r"nul\.csv:6: warning: this row holds NUL bytes"),
        "big.csv": (header + good + b"R,4,4,4,4,4,9,\"" + b"x" * 5_000_000 +
                    b"\"\n", "oversized_field",
                    r"big\.csv:6: warning: a field of this row is longer than"),
        "short.csv": (header + good + b"R,4,4\n", "ragged_row",
                      r"short\.csv:6: warning: this row has 3 fields"),
        "long.csv": (header + good + b"R,4,4,4,4,4,9,x,y\n", "ragged_row",
                     r"long\.csv:6: warning: this row has 9 fields"),
        "cut.csv": (header + good + b"R,4,4,4,4,4,9,\"never closed\n",
                    "cut_off", r"cut\.csv:6: warning: a quoted field"),
        "bytes.csv": (header + good.replace(b"fine", ("满意" * 25).encode()) +
                      b"R,4,\xff,5,3,4,9,ok\xfe\n", None,
                      r"bytes\.csv:6:3: warning: column S2: bytes that are not "
                      r"valid UTF-8"),
    }
    spec = os.path.join(LAYOUTS, "excel_semicolon", "survey.yaml")
    for name, (data, reason, pattern) in cases.items():
        with Tmp() as t:
            write_bytes(os.path.join(t, name), data)
            js = os.path.join(t, "o.json")
            p = run("run", "-s", spec, "-o", os.path.join(t, "o.xlsx"),
                    "--json", js, t)
            expect(p, 0, pattern)
            got = json.load(open(js))
            r = got["responses"]
            assert r["read"] == 5, (name, r)
            assert r["read"] == r["valid"] + sum(r["excluded"].values())
            if reason:
                assert r["excluded"][reason] == 1, (name, r)
            else:   # the cell is missing, the row stays
                assert r["valid"] == 5 and got["dimensions"][0]["items"][1]["n"] == 4


@case
def twenty_thousand_columns_are_read():
    with Tmp() as t:
        names = ["c%d" % i for i in range(20000)]
        header = ",".join(names + ["id", "S1", "S2", "T1", "T2", "overall",
                                   "nps", "comment"])
        row = "," * 20000 + "R,4,3,5,4,4,9,x"
        write_bytes(os.path.join(t, "wide.csv"),
                    (header + "\n" + row + "\n").encode())
        got, _ = run_json(t, "-s", os.path.join(LAYOUTS, "excel_semicolon",
                                                "survey.yaml"))
        assert got["responses"]["valid"] == 1


def planted_ids(folder):
    """kind -> set of respondent ids, from gen's planted.tsv."""
    kinds = {}
    with open(os.path.join(folder, "planted.tsv")) as f:
        next(f)
        for line in f:
            rid, kind = line.rstrip("\n").split("\t")
            kinds.setdefault(kind, set()).add(rid)
    return kinds


def flagged_ids(xlsx):
    """rule -> set of ids of the Exclusions sheet whose rules include it."""
    ws = openpyxl.load_workbook(xlsx)["Exclusions"]
    flagged = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0] is None or row[2] is None:
            continue
        for rule in row[4].split(", "):
            flagged.setdefault(rule, set()).add(row[2])
    return flagged


@case
def cleaning_finds_what_gen_planted():
    with Tmp() as t:
        data = os.path.join(t, "data")
        expect(run("gen", "--responses", "4000", "--seed", "11", "--files",
                   "3", "-o", data), 0)
        out = os.path.join(t, "o.xlsx")
        expect(run("run", "-o", out, data), 0)
        planted, flagged = planted_ids(data), flagged_ids(out)
        for kind in ("speeder", "straightliner", "duplicate", "no_answers"):
            p, f = planted[kind], flagged.get(kind, set())
            recall, precision = len(p & f) / len(p), len(p & f) / len(f)
            assert recall >= 0.95 and precision >= 0.9, (kind, recall,
                                                         precision)


@case
def quality_gate_fails_with_exit_3_and_still_writes():
    with Tmp() as t:
        copy_basic(t, basic_spec() + "cleaning: {max_excluded: 0.02}\n")
        out, js = os.path.join(t, "o.xlsx"), os.path.join(t, "o.json")
        p = run("run", "-o", out, "--json", js, t)
        expect(p, 3, r"quality gate failed: 5\.5% of responses were "
                     r"excluded, more than the 2% .*\(exit status 3\)")
        r = json.load(open(js))["responses"]
        assert r["quality_gate"] == "failed" and r["max_excluded"] == 0.02
        summary = openpyxl.load_workbook(out)["Summary"]
        cell = summary["A2"]
        assert cell.value.startswith("Quality gate FAILED: 5.5% of responses")
        assert cell.font.color.rgb.endswith("FF0000") and cell.font.bold
        # Passing, and switched off.
        copy_basic(t, basic_spec() + "cleaning: {max_excluded: 0.1}\n")
        expect(run("run", "-o", out, "--json", js, t), 0)
        assert json.load(open(js))["responses"]["quality_gate"] == "passed"
        copy_basic(t, basic_spec() + "cleaning: {max_excluded: false}\n")
        expect(run("run", "-o", out, "--json", js, t), 0)
        assert json.load(open(js))["responses"]["quality_gate"] is None


@case
def rules_switch_off_and_the_funnel_adds_up():
    with Tmp() as t:
        copy_basic(t, basic_spec() + "cleaning: {straightlining: false}\n")
        got, _ = run_json(t)
        assert got["responses"]["excluded"]["straightliner"] == 0
        copy_basic(t)
        out = os.path.join(t, "o.xlsx")
        expect(run("run", "-o", out, t), 0)
        q = openpyxl.load_workbook(out)["Data quality"]
        col = [q.cell(row=r, column=2).value for r in range(2, 18)]
        # read, 14 rules, valid: read - sum(rules) = valid
        assert col[0] - sum(col[1:15]) == col[15], col
        assert q["A17"].value == "Valid responses"
        ex = openpyxl.load_workbook(out)["Exclusions"]
        reasons = sorted(ex.cell(row=r, column=4).value for r in range(2, 7))
        assert reasons == ["no_answers", "ragged_row", "straightliner",
                           "straightliner", "straightliner"], reasons


@case
def cleaned_csv_holds_valid_responses_recoded_and_safe():
    with Tmp() as t:
        data = os.path.join(t, "data")
        expect(run("gen", "--responses", "300", "--seed", "3", "-o", data), 0)
        cleaned, js = os.path.join(t, "c.csv"), os.path.join(t, "o.json")
        expect(run("run", "-o", os.path.join(t, "o.xlsx"), "--json", js,
                   "--cleaned", cleaned, data), 0)
        import csv as csvmod
        rows = list(csvmod.DictReader(open(cleaned, newline="")))
        got = json.load(open(js))
        assert len(rows) == got["responses"]["valid"]
        raw = {r["resp_id"]: r for r in csvmod.DictReader(
            open(os.path.join(data, "export_01.csv"), newline=""))}
        for r in rows:
            src = raw[r["resp_id"]]
            # REL3 is reversed: 6 - answer; missing codes are empty.
            if src["REL3"] in ("1", "2", "3", "4", "5"):
                assert r["REL3"] == str(6 - int(src["REL3"])), r["resp_id"]
            elif src["REL3"] in ("", "0", "99"):
                assert r["REL3"] == ""
            assert r["comment"] == ("'" + src["comment"]
                                    if src["comment"][:1] in "=+-@" and
                                    src["comment"] else src["comment"])
        assert any(r["comment"].startswith("'=SUM") for r in rows)
        reliability = [float(r["score_reliability"]) for r in rows
                       if r["score_reliability"]]
        mean = sum(reliability) / len(reliability)
        assert abs(mean - got["dimensions"][1]["mean"]) < 1e-9


def close(got, want, path, tol=1e-6):
    """Every number of want (a dict) matches got's within tol."""
    for k, v in want.items():
        if isinstance(v, dict):
            close(got[k], v, path + "." + k, tol)
        elif isinstance(v, list):
            for i, x in enumerate(v):
                if isinstance(x, dict):
                    close(got[k][i], x, "%s.%s[%d]" % (path, k, i), tol)
                else:
                    assert abs(got[k][i] - x) <= tol, (path, k, i, got[k][i], x)
        elif isinstance(v, str):
            assert got[k] == v, (path, k)
        else:
            assert got[k] is not None and abs(got[k] - v) <= tol, (
                path + "." + k, got[k], v)


@case
def reliability_matches_r_psych_on_the_bfi_data():
    got, _ = run_json(os.path.join(ROOT, "testdata", "bfi"))
    want = json.load(open(os.path.join(ROOT, "testdata", "bfi",
                                        "expected.json")))
    assert got["responses"]["valid"] == 2800
    for g, w in zip(got["dimensions"], want["dimensions"]):
        items = w.pop("items")
        itr, aid = w.pop("item_total_r"), w.pop("alpha_if_deleted")
        close(g, w, g["key"])
        for gi, wi, r, a in zip(g["items"], items, itr, aid):
            close(gi, wi, wi["column"])
            assert abs(gi["item_total_r"] - r) <= 1e-6
            assert abs(gi["alpha_if_deleted"] - a) <= 1e-6


@case
def gaps_sheet_appears_with_expectations():
    with Tmp() as t:
        out = os.path.join(t, "o.xlsx")
        expect(run("run", "-o", out, os.path.join(ROOT, "testdata", "gaps")),
               0)
        wb = openpyxl.load_workbook(out)
        assert "Gaps" in wb.sheetnames
        g = wb["Gaps"]
        assert [g.cell(row=r, column=2).value for r in range(2, 6)] == [
            "(dimension score)", "P1", "P2", "P3"]
        assert g["C3"].value == "E1"
        want = json.load(open(os.path.join(ROOT, "testdata", "gaps",
                                           "expected.json")))
        assert abs(g["E3"].value - want["P1"]["mean"]) < 1e-12
        assert abs(g["K2"].value - want["service"]["p"]) < 1e-12
        expect(run("run", "-o", out, BASIC), 0)
        assert "Gaps" not in openpyxl.load_workbook(out).sheetnames


@case
def gaps_and_nps_match_r_t_test():
    got, _ = run_json(os.path.join(ROOT, "testdata", "gaps"))
    want = json.load(open(os.path.join(ROOT, "testdata", "gaps",
                                       "expected.json")))
    service = got["dimensions"][0]
    for i in range(3):
        close(service["items"][i]["gap"], want["P%d" % (i + 1)], "gap")
    close(service["gap"], want["service"], "service gap")
    close(got["nps"], want["nps"], "nps")
    assert got["dimensions"][1]["gap"] is None   # staff lists none


@case
def weights_match_numpy_by_definition():
    got, p = run_json(os.path.join(ROOT, "testdata", "gaps"), "-s",
                      os.path.join(ROOT, "testdata", "gaps", "weighted.yaml"))
    want = json.load(open(os.path.join(ROOT, "testdata", "gaps",
                                       "expected_weighted.json")))
    items = {i["column"]: i for d in got["dimensions"] for i in d["items"]}
    for k in ("P1", "P2", "P3", "P4", "P5"):
        close(items[k], want[k], k)
    close(got["overall"], want["overall"], "overall")
    close(got["dimensions"][0], want["service"], "service")
    close(items["P1"]["gap"], want["gap_P1"], "gap P1")
    close(got["dimensions"][0]["gap"], want["gap_service"], "gap service")
    close(got["nps"], want["nps"], "nps")
    assert got["weight"] == "w"
    assert items["P1"]["zero_weight"] == 2      # two respondents weigh 0


@case
def drivers_recover_the_planted_importances():
    with Tmp() as t:
        data = os.path.join(t, "data")
        expect(run("gen", "--responses", "20000", "--seed", "5", "-o", data),
               0)
        got, _ = run_json(data, "--bootstrap", "200")
        pct = {d["key"]: d["rw_pct"] for d in got["drivers"]["items"]}
        # gen's importances: reliability .32, responsiveness .22,
        # assurance .19, empathy .16, tangibles .11
        order = sorted(pct, key=pct.get, reverse=True)
        assert order == ["reliability", "responsiveness", "assurance",
                         "empathy", "tangibles"], pct
        top = got["priorities"][0]
        assert top["key"] == "reliability" and top["rank"] == 1
        for d in got["drivers"]["items"]:
            assert d["rw_ci_low"] <= d["rw_pct"] <= d["rw_ci_high"]


@case
def bootstrap_is_reproducible_with_a_seed():
    with Tmp() as t:
        outs = []
        for seed in ("3", "3", "4"):
            js = os.path.join(t, "o%d.json" % len(outs))
            expect(run("run", "--seed", seed, "-o", os.path.join(t, "o.xlsx"),
                       "--json", js, SAMPLES), 0)
            outs.append(json.load(open(js))["drivers"])
        assert outs[0] == outs[1]                 # bit for bit
        assert outs[0]["seed"] == 3 and outs[0]["resamples"] == 1000
        assert outs[0]["items"][0]["rw_ci_low"] != outs[2]["items"][0]["rw_ci_low"]
        assert outs[0]["items"][0]["rw_pct"] == outs[2]["items"][0]["rw_pct"]


@case
def two_threads_give_the_same_bytes_as_one():
    """Files read on two threads and joined in file order, and bootstrap
    resamples split over two threads, give what one thread gives: the same
    workbook, JSON and messages, also when a bad file is skipped."""
    with Tmp() as t:
        data = os.path.join(t, "data")
        expect(run("gen", "--responses", "6000", "--seed", "8", "--files",
                   "4", "-o", data), 0)
        with open(os.path.join(data, "export_03.csv"), "a") as f:
            f.write("R999999,2026-09-01 10:00,200,West,web,9,9\n")  # ragged
        write_bytes(os.path.join(data, "export_05.csv"), b"")     # empty
        got = []
        for threads in ("1", "2"):
            out = os.path.join(t, "o%s.xlsx" % threads)
            js = os.path.join(t, "o%s.json" % threads)
            p = run("run", "--threads", threads, "--keep-going",
                    "--bootstrap", "200", "-o", out, "--json", js, data)
            expect(p, 0, r"export_05\.csv.*skipped \(--keep-going\)",
                   r"export_03\.csv:\d+: warning: this row has 7 fields")
            got.append((sha(out), open(js).read(), p.stderr))
        assert got[0] == got[1]
        want = [sum(1 for _ in csv.reader(open(os.path.join(
            data, "export_%02d.csv" % i), newline=""))) - 1
            for i in range(1, 5)]
        files = json.loads(got[0][1])["files"]
        assert [f["rows"] for f in files] == want + [0], files
        assert json.loads(got[0][1])["responses"]["read"] == sum(want)
        bad = run("run", "--threads", "3", data)
        expect(bad, 2, r"--threads takes 1 or 2, not '3'")


@case
def group_bootstrap_matches_the_textbook_bootstrap():
    """Above SP_BOOTSTRAP_GROUPS (2048) respondents satpipe resamples random
    groups of respondents; tests/oracle/bootstrap_oracle.py resamples the
    respondents one by one with numpy on the same cleaned rows. Both are
    Monte Carlo estimates (2,000 resamples each, so each interval end moves
    by about 3% of the width between seeds): widths within 15%, centres
    within 10% of the width."""
    with Tmp() as t:
        data = os.path.join(t, "data")
        expect(run("gen", "--responses", "20000", "--seed", "5", "-o", data),
               0)
        cleaned = os.path.join(t, "c.csv")
        got, _ = run_json(data, "--bootstrap", "2000", "--cleaned", cleaned)
        dv = got["drivers"]
        assert dv["resample_units"] == 2048 and dv["n"] > 2048
        oracle = os.path.join(ROOT, "tests", "oracle", "bootstrap_oracle.py")
        p = subprocess.run([sys.executable, oracle, cleaned, "overall",
                            "2000", "1"], capture_output=True, text=True,
                           check=True)
        want = json.loads(p.stdout)
        for d in dv["items"]:
            w = want[d["key"]]
            assert abs(d["rw_pct"] - w["rw_pct"]) < 1e-9, (d, w)
            width = w["rw_ci_high"] - w["rw_ci_low"]
            ratio = (d["rw_ci_high"] - d["rw_ci_low"]) / width
            shift = (d["rw_ci_high"] + d["rw_ci_low"] - w["rw_ci_high"] -
                     w["rw_ci_low"]) / 2 / width
            assert 0.85 < ratio < 1.15 and abs(shift) < 0.1, (d["key"], ratio,
                                                              shift)
        # Below the threshold the respondents themselves are resampled.
        small, _ = run_json(BASIC, "--bootstrap", "50")
        assert small["drivers"]["resample_units"] == small["drivers"]["n"]


@case
def segments_match_scipy_and_statsmodels():
    """The oracle (tests/oracle/segments_oracle.py) recomputes every segment
    figure with scipy and statsmodels from the valid responses."""
    with Tmp() as t:
        js, cleaned = os.path.join(t, "o.json"), os.path.join(t, "c.csv")
        out = os.path.join(t, "o.xlsx")
        db = os.path.join(t, "h.db")
        expect(run("run", "-o", out, "--json", js, "--cleaned", cleaned,
                   "--wave", "2026Q3", "--history", db, SAMPLES), 0)
        keys = ["tangibles", "reliability", "responsiveness", "assurance",
                "empathy", "overall", "nps"]
        cols = ["score_" + k for k in keys[:5]] + ["overall", "recommend"]
        oracle = subprocess.run(
            ["/usr/bin/python3", os.path.join(ROOT, "tests", "oracle",
                                              "segments_oracle.py"),
             cleaned, "30", "region", "channel", "--", *cols],
            capture_output=True, text=True, check=True)
        want = json.loads(oracle.stdout)
        got = json.load(open(js))["segments"]
        assert got["family_size"] == want["family_size"] == 49
        for gc, wc in zip(got["columns"], want["columns"]):
            assert [v["value"] for v in gc["values"]] == [
                v["value"] for v in wc["values"]]
            for gv, wv in zip(gc["values"], wc["values"]):
                assert gv["n"] == wv["n"]
                for k, c in zip(keys, cols):
                    close(gv["measures"][k], wv["measures"][c], k)
            for k, c in zip(keys, cols):
                close(gc["anova"][k], wc["anova"][c], k)
        # The history keeps the same figures for the run's one wave.
        import sqlite3
        con = sqlite3.connect(db)
        rows = con.execute("SELECT segment, value, key, n, mean, sd FROM "
                           "figures WHERE kind = 'segment' AND wave = "
                           "'2026Q3'").fetchall()
        con.close()
        assert len(rows) == sum(len(c["values"]) * len(keys)
                                for c in want["columns"])
        for col, value, key, n, mean, sd in rows:
            wc = [c for c in want["columns"] if c["column"] == col][0]
            wv = [v for v in wc["values"] if v["value"] == value][0]
            wm = wv["measures"][cols[keys.index(key)]]
            assert n == wm["n"], (col, value, key)
            assert abs(mean - wm["mean"]) < 1e-9 and abs(sd - wm["sd"]) < 1e-9
        # South was generated half a point lower: marked below the rest.
        south = [v for v in got["columns"][0]["values"]
                 if v["value"] == "South"][0]
        assert south["measures"]["reliability"]["mark"] == -1
        sheet = openpyxl.load_workbook(out)["Segments"]
        assert "Benjamini-Hochberg" in sheet["A1"].value
        assert "49" in sheet["A1"].value
        labels = [sheet.cell(row=r, column=1).value for r in range(5, 9)]
        assert labels == [v["value"] for v in got["columns"][0]["values"]]
        # reliability (the 2nd measure): mean in column E, its mark in F
        marks = [sheet.cell(row=r, column=6).value for r in range(5, 9)]
        assert "▼" in marks


@case
def small_segment_bases_are_greyed_and_never_marked():
    with Tmp() as t:
        copy_basic(t, basic_spec().replace("segments: [region]",
                                           "segments: [region]\nmin_base: 60"))
        got, _ = run_json(t)
        seg = got["segments"]
        assert seg["min_base"] == 60 and seg["family_size"] == 0
        for v in seg["columns"][0]["values"]:
            assert v["small_base"] and all(
                c["mark"] == 0 and c["q"] is None
                for c in v["measures"].values())


@case
def latest_wave_is_compared_with_the_previous():
    gaps = os.path.join(ROOT, "testdata", "gaps")
    with Tmp() as t:
        out, js = os.path.join(t, "o.xlsx"), os.path.join(t, "o.json")
        expect(run("run", "-s", os.path.join(gaps, "waves.yaml"), "-o", out,
                   "--json", js, gaps), 0)
        w = json.load(open(js))["waves"]
        assert w["labels"] == ["2026Q2", "2026Q3"] and w["n"] == [20, 20]
        assert (w["latest"], w["previous"]) == ("2026Q3", "2026Q2")
        want = json.load(open(os.path.join(gaps, "expected_waves.json")))
        changes = {c["key"]: c for c in w["changes"]}
        for key, figures in want.items():
            close(changes[key], figures, key)
            assert changes[key]["significant"] == (figures["p"] < 0.05)
        sheet = openpyxl.load_workbook(out)["Waves"]
        assert sheet["A1"].value.startswith("2026Q3 against 2026Q2")
        assert sheet["A4"].value == "service"
        assert abs(sheet["D4"].value - want["service"]["diff"]) < 1e-12
        # One wave for the whole run: nothing to compare, no sheet.
        expect(run("run", "--wave", "2026Q4", "-o", out, "--json", js, gaps),
               0)
        w = json.load(open(js))["waves"]
        assert w["labels"] == ["2026Q4"] and w["changes"] == []
        assert "Waves" not in openpyxl.load_workbook(out).sheetnames


def history_counts(db):
    import sqlite3
    con = sqlite3.connect(db)
    try:
        return {t: con.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
                for t in ("runs", "run_files", "figures")}
    finally:
        con.close()


def history_kinds(db):
    import sqlite3
    con = sqlite3.connect(db)
    try:
        return {k for (k,) in con.execute("SELECT DISTINCT kind FROM figures")}
    finally:
        con.close()


def history_importances(db, wave):
    import sqlite3
    con = sqlite3.connect(db)
    try:
        return dict(con.execute("SELECT key, importance FROM figures WHERE "
                                "kind = 'driver' AND wave = ?", (wave,)))
    finally:
        con.close()


@case
def history_keeps_waves_and_shows_the_trend():
    gaps = os.path.join(ROOT, "testdata", "gaps")
    with Tmp() as t:
        db, out, js = (os.path.join(t, n) for n in ("h.db", "o.xlsx", "o.json"))
        # Two waves in one export, then a later quarter alone.
        # Drivers cover both waves of this run: kept for neither.
        expect(run("run", "-s", os.path.join(gaps, "waves.yaml"), "--history",
                   db, "-o", out, "--json", js, gaps), 0,
               r"driver importances cover all 2 waves")
        assert history_kinds(db) == {"dimension", "item", "overall", "nps"}
        expect(run("run", "--wave", "2026Q4", "--history", db, "-o", out,
                   "--json", js, gaps), 0)
        drivers = json.load(open(js))["drivers"]
        # Stored as computed (the drivers oracle checks the values).
        kept = history_importances(db, "2026Q4")
        assert sorted(kept) == sorted(d["key"] for d in drivers["items"])
        for d in drivers["items"]:
            assert abs(kept[d["key"]] - d["rw_pct"]) < 1e-9, d["key"]
        trend = json.load(open(js))["trend"]
        assert trend["waves"] == ["2026Q2", "2026Q3", "2026Q4"]
        service = trend["dimensions"][0]
        want = json.load(open(os.path.join(gaps, "expected_waves.json")))
        # Q2 and Q3 come back from the database as the first run stored
        # them, although this run read all 40 responses as Q4.
        assert abs(service["mean"][1] - service["mean"][0] -
                   want["service"]["diff"]) < 1e-9
        assert service["n"] == [20, 20, 40]
        sheet = openpyxl.load_workbook(out)["Trend"]
        assert [sheet.cell(row=3, column=c).value for c in (2, 3, 4)] == [
            "2026Q2", "2026Q3", "2026Q4"]
        counts = history_counts(db)
        # Idempotent: the same wave again replaces its rows.
        expect(run("run", "--wave", "2026Q4", "--history", db, "-o", out,
                   "--json", js, gaps), 0)
        again = history_counts(db)
        assert again["figures"] == counts["figures"]
        assert again["runs"] == counts["runs"] + 1
        assert json.load(open(js))["trend"] == trend
        import sqlite3
        con = sqlite3.connect(db)
        stored = con.execute("SELECT sha256 FROM run_files LIMIT 1").fetchone()[0]
        con.close()
        assert stored == sha(os.path.join(gaps, "gaps.csv"))


@case
def a_foreign_or_corrupted_history_is_refused_and_left_alone():
    import sqlite3
    gaps = os.path.join(ROOT, "testdata", "gaps")
    with Tmp() as t:
        out = os.path.join(t, "o.xlsx")
        bad = os.path.join(t, "garbage.db")
        with open(bad, "wb") as f:
            f.write(b"this is not a database" * 100)
        foreign = os.path.join(t, "other.db")
        con = sqlite3.connect(foreign)
        con.execute("CREATE TABLE customers(id INTEGER)")
        con.commit()
        con.close()
        for db in (bad, foreign):
            before = sha(db)
            p = run("run", "--wave", "2026Q4", "--history", db, "-o", out,
                    gaps)
            expect(p, 1, r"not a satpipe history.*This one was not changed"
                   if db == foreign else r"garbage\.db: error:")
            assert sha(db) == before
            assert not os.path.exists(out)      # no half-done run
        expect(run("run", "--history", os.path.join(t, "h.db"), "-o", out,
                   gaps), 2, r"the history keeps figures by wave")


@case
def concurrent_runs_on_one_history_both_finish():
    gaps = os.path.join(ROOT, "testdata", "gaps")
    with Tmp() as t:
        db = os.path.join(t, "h.db")
        procs = [subprocess.Popen(
            [BIN, "run", "--wave", "2026Q%d" % (k + 1), "--history", db,
             "-o", os.path.join(t, "o%d.xlsx" % k), gaps],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for k in range(2)]
        for p in procs:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
        import sqlite3
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
        waves = [r[0] for r in con.execute(
            "SELECT DISTINCT wave FROM figures ORDER BY wave")]
        con.close()
        assert waves == ["2026Q1", "2026Q2"]


FINDINGS = os.path.join(ROOT, "testdata", "findings")


def findings_run(t, spec_text=None, *extra):
    """Runs the findings fixture; returns workbook, JSON, recovery CSV."""
    for name in ("findings.csv", "survey.yaml"):
        shutil.copy(os.path.join(FINDINGS, name), t)
    if spec_text is not None:
        with open(os.path.join(t, "survey.yaml"), "w") as f:
            f.write(spec_text)
    out, js, rec = (os.path.join(t, n) for n in ("o.xlsx", "o.json", "r.csv"))
    expect(run("run", "-o", out, "--json", js, "--recovery", rec, *extra,
               t), 0)
    return openpyxl.load_workbook(out), json.load(open(js)), rec


def summary_findings(ws):
    """The numbered sentences under "Findings", with their sheet links."""
    col_a = [ws.cell(row=r, column=1).value for r in range(1, 200)]
    first = col_a.index(next(v for v in col_a if v in ("Findings", "主要发现")))
    rows = []
    for r in range(first + 2, first + 14):
        if ws.cell(row=r, column=1).value != "%d." % (len(rows) + 1):
            break
        rows.append((ws.cell(row=r, column=2).value,
                     ws.cell(row=r, column=12)))
    return rows


def findings_spec():
    with open(os.path.join(FINDINGS, "survey.yaml")) as f:
        return f.read()


@case
def summary_findings_state_the_planted_truth():
    want = json.load(open(os.path.join(FINDINGS, "expected.json")))
    ch, low = want["changes"], want["lowest"]
    with Tmp() as t:
        wb, got, _ = findings_run(t)
        s = wb["Summary"]
        found = summary_findings(s)
        text = [f for f, _ in found]
        assert 5 <= len(text) <= 10, text
        # The planted drop, in the words and figure of the oracle.
        assert ch["speed"]["significant"]
        assert ("Speed fell %.2f points since 2026Q2 (significant)." %
                abs(ch["speed"]["diff"])) in text, text
        for key, name in (("overall", "Overall satisfaction"),
                          ("nps", "Net Promoter Score")):
            said = any(f.startswith(name + " fell") or
                       f.startswith(name + " rose") for f in text)
            assert said == ch[key]["significant"], (key, text)
        # Never a change that is not significant.
        for key in ("staff", "price"):
            assert not ch[key]["significant"]
            assert not any(re.match(r"%s (rose|fell)" % key.title(), f)
                           for f in text), text
        # The planted weak dimension, clearly lowest by the oracle's CIs.
        assert low["clear"] and low["label"] == "Price"
        assert ("Price scores lowest of the dimensions (%.1f out of 5)." %
                low["mean"]) in text, text
        assert any(f.startswith("South (region) scores below the rest on")
                   for f in text), text
        # Each finding points to the sheet that holds its figure.
        for f, link in found:
            assert link.value in wb.sheetnames, (f, link.value)
            assert link.hyperlink.location == "'%s'!A1" % link.value
        # Headline figures: the change and its previous wave.
        col_a = [s.cell(row=r, column=1).value for r in range(1, 40)]
        r = col_a.index("Overall satisfaction (mean, 1 to 5)") + 1
        assert abs(s.cell(row=r, column=4).value - ch["overall"]["diff"]) < 1e-9
        assert s.cell(row=r, column=5).value == "yes"
        r = col_a.index("Net Promoter Score") + 1
        assert abs(s.cell(row=r, column=4).value - ch["nps"]["diff"]) < 1e-9
        assert "Wave 2026Q3, compared with 2026Q2." in col_a
        assert ("Based on 480 valid responses of 480 read; 0.0% were set "
                "aside as unreliable (see Data quality).") in col_a
        top3 = col_a.index("Top 3 priorities") + 1
        assert [s.cell(row=top3 + 2 + i, column=2).value for i in range(3)] \
            == [{d["key"]: d["label"] for d in got["dimensions"]}[p["key"]]
                for p in got["priorities"][:3]]
        assert got["previous_wave"] == "2026Q2"


@case
def recovery_lists_who_consented_worst_first():
    want = json.load(open(os.path.join(FINDINGS, "expected.json")))["recovery"]
    with Tmp() as t:
        wb, got, rec = findings_run(t)
        r = got["recovery"]
        assert (r["eligible"], r["not_consented"], r["listed"]) == (
            want["eligible"], want["not_consented"], len(want["ids"]))
        rows = list(csv.DictReader(open(rec, newline="")))
        assert [row["id"] for row in rows] == want["ids"]
        # CSV injection: a formula-looking comment or phone is made text.
        comments = {row["comment"] for row in rows}
        assert not any(c[:1] in ("=", "+", "-", "@") for c in comments)
        assert any(c.startswith("'=HYPERLINK") for c in comments) or \
            any(c.startswith("'+44") for c in comments), comments
        ws = wb["Recovery"]
        assert "%d qualify" % want["eligible"] in ws["A1"].value
        assert "%d of them did not consent" % want["not_consented"] in \
            ws["A1"].value
        ids = [ws.cell(row=4 + i, column=1).value for i in range(len(rows))]
        assert ids == want["ids"]
        assert ws.cell(row=4 + len(rows), column=1).value is None
        assert ws.freeze_panes == "B4" and ws.auto_filter.ref
        cells = [c for row in ws.iter_rows(min_row=4) for c in row
                 if isinstance(c.value, str) and c.value[:1] in "=+-@"]
        assert cells and all(c.data_type == "s" for c in cells)
        # Thresholds are configurable; a mistyped key is named.
        spec = findings_spec() + "recovery: {overall_at_most: 1, " \
            "nps_at_most: 3}\n"
        _, got, _ = findings_run(t, spec)
        data = list(csv.DictReader(open(os.path.join(FINDINGS,
                                                     "findings.csv"))))
        assert got["recovery"]["eligible"] == sum(
            int(d["sat"]) <= 1 or int(d["recommend"]) <= 3 for d in data)
        with open(os.path.join(t, "survey.yaml"), "w") as f:
            f.write(findings_spec() + "recovery: {overal_at_most: 1}\n")
        expect(run("run", "-o", os.path.join(t, "o.xlsx"), t), 0,
               r"survey.yaml:\d+: .*unknown key 'overal_at_most'.*did you "
               r"mean 'overall_at_most'")


SHEET_ROW_CAP = 10_000   # XLSX_SHEET_MAX_ROWS in src/report


@case
def long_lists_are_capped_and_the_csv_holds_them_all():
    """More excluded responses and more customers to call back than a sheet
    shows: the sheets stop at the cap with a note naming the CSV option, and
    the CSVs list every one, in the order the sheets use. The expected rows
    are known by construction: every 'E' row has no answer (no_answers),
    every 'R' row is a valid bottom-box detractor."""
    n_ex, n_rec, n_ok = SHEET_ROW_CAP + 3, SHEET_ROW_CAP + 4, 300
    with Tmp() as t:
        spec = open(os.path.join(LAYOUTS, "excel_semicolon",
                                 "survey.yaml")).read()
        with open(os.path.join(t, "survey.yaml"), "w") as f:
            f.write(spec + "id: id\ncleaning: {duplicates: false, "
                    "max_excluded: false}\n")
        lines, want_ex = ["id,S1,S2,T1,T2,overall,nps,comment"], []
        for i in range(max(n_ex, n_rec)):
            if i < n_ex:
                want_ex.append(("E%d" % i, len(lines) + 1))
                lines.append("E%d,,,,,,,nothing" % i)
            if i < n_rec:
                lines.append("R%d,1,2,2,1,1,0,bad" % i)
            if i < n_ok:
                lines.append("K%d,4,5,%d,4,5,10,good" % (i, 3 + i % 3))
        write_bytes(os.path.join(t, "big.csv"),
                    ("\n".join(lines) + "\n").encode())
        out = os.path.join(t, "o.xlsx")
        ex, rec = os.path.join(t, "ex.csv"), os.path.join(t, "rec.csv")
        expect(run("run", "--bootstrap", "0", "-o", out, "--exclusions", ex,
                   "--recovery", rec, t), 0)
        rows = list(csv.DictReader(open(ex, newline="")))
        assert [(r["id"], int(r["line"])) for r in rows] == want_ex
        assert {r["reason"] for r in rows} == {"no_answers"}
        assert all(r["file"].endswith("big.csv") and r["answered"] == "0"
                   for r in rows)
        calls = list(csv.DictReader(open(rec, newline="")))
        assert len(calls) == n_rec and {c["id"][0] for c in calls} == {"R"}
        wb = openpyxl.load_workbook(out, read_only=True)
        last = list(wb["Exclusions"].iter_rows(min_row=SHEET_ROW_CAP,
                                               values_only=True))
        assert last[0][2] == want_ex[SHEET_ROW_CAP - 2][0]   # the cap's row
        assert last[1][2] == want_ex[SHEET_ROW_CAP - 1][0]   # the last shown
        note = [r[0] for r in last[2:] if r and r[0]]
        assert note == ["Only the first 10000 rows are listed here; 3 more "
                        "are counted on the Data quality sheet. Write them "
                        "all with --exclusions FILE.csv."], note
        tail = [r for r in wb["Recovery"].iter_rows(values_only=True)
                if r and r[0] is not None]
        assert sum(1 for r in tail if re.fullmatch(r"R\d+", str(r[0]))) == \
            SHEET_ROW_CAP
        assert any("--recovery FILE.csv" in str(r[0]) for r in tail)


# Berger et al. (1993): functional answer (rows) by dysfunctional answer
# (columns), 1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike.
KANO_TABLE = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]


@case
def kano_sheet_matches_the_evaluation_table():
    want = json.load(open(os.path.join(FINDINGS, "expected.json")))["kano"]
    with Tmp() as t:
        wb, got, _ = findings_run(t)
        by = {k["feature"]: k for k in got["kano"]}
        for feature, w in want.items():
            k = by[feature]
            assert k["counts"] == w["counts"] and k["n"] == w["n"], feature
            assert k["category"] == w["category"]
            close(k, {"better": w["better"], "worse": w["worse"]}, feature)
        ws = wb["KANO"]
        assert ws["A4"].value == "Same-day delivery"
        assert ws["B4"].value == want["Same-day delivery"]["n"]
        assert ws["C4"].value == want["Same-day delivery"]["counts"]["M"]
        assert ws["O4"].value == "Must-be (M)"
        assert abs(ws["P5"].value - want["Gift wrapping"]["better"]) < 1e-12
        col_a = [ws.cell(row=r, column=1).value for r in range(1, 20)]
        top = col_a.index("Like") + 1    # the evaluation table's first row
        table = ["".join(ws.cell(row=top + f, column=2 + d).value
                         for d in range(5)) for f in range(5)]
        assert table == KANO_TABLE, table
        with zipfile.ZipFile(os.path.join(t, "o.xlsx")) as z:
            charts = [n for n in z.namelist() if n.startswith("xl/charts/")]
            assert any("Better and Worse" in z.read(n).decode()
                       for n in charts)


@case
def chinese_sheets_and_findings():
    with Tmp() as t:
        wb, _, _ = findings_run(t, findings_spec().replace(
            "language: en", "language: zh-CN"))
        assert wb.sheetnames == [
            "摘要", "改进优先级", "客户回访", "KANO", "维度", "题项", "细分",
            "波次", "驱动因素", "数据质量", "剔除明细", "方法说明"]
        for name in wb.sheetnames:
            assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
        want = json.load(open(os.path.join(FINDINGS, "expected.json")))
        text = [f for f, _ in summary_findings(wb["摘要"])]
        assert ("Speed 较 2026Q2 下降 %.2f 分（显著）。" %
                abs(want["changes"]["speed"]["diff"])) in text, text


@case
def method_sheet_lets_a_reader_reproduce():
    with Tmp() as t:
        wb, _, _ = findings_run(t)
        ws = wb["Method"]
        cells = {c.value for row in ws.iter_rows() for c in row if c.value}
        assert "satpipe 0.1.0" in cells
        assert "title: Findings fixture" in cells      # the spec as used
        assert "  - {feature: Gift wrapping, functional: K2F, " \
            "dysfunctional: K2D}" in cells
        col_a = [ws.cell(row=r, column=1).value for r in range(1, 40)]
        r = next(i for i, v in enumerate(col_a, 1)
                 if v and v.endswith("findings.csv"))
        assert ws.cell(row=r, column=4).value == 480
        assert "Cronbach's alpha" in cells and "Driver importance" in cells


@case
def history_gives_the_headline_its_previous_wave():
    """Each wave run on its own, as a quarterly cron job does: the second
    run's Summary compares with the first through the history, with the
    oracle's figures (Welch t on the stored n, mean and sd)."""
    want = json.load(open(os.path.join(FINDINGS, "expected.json")))["changes"]
    with Tmp() as t:
        rows = list(csv.reader(open(os.path.join(FINDINGS, "findings.csv"))))
        for wave in ("2026Q2", "2026Q3"):
            d = os.path.join(t, wave)
            os.mkdir(d)
            shutil.copy(os.path.join(FINDINGS, "survey.yaml"), d)
            with open(os.path.join(d, "export.csv"), "w", newline="") as f:
                csv.writer(f, lineterminator="\n").writerows(
                    [rows[0]] + [r for r in rows[1:] if r[1] == wave])
        db, out, js = (os.path.join(t, n) for n in ("h.db", "o.xlsx",
                                                       "o.json"))
        for wave in ("2026Q2", "2026Q3"):
            expect(run("run", "--history", db, "-o", out, "--json", js,
                       os.path.join(t, wave)), 0)
        got = json.load(open(js))
        assert got["previous_wave"] == "2026Q2"
        head = {k["key"]: k for k in got["headline"]}
        assert abs(head["overall_mean"]["change"] -
                   want["overall"]["diff"]) < 1e-9
        assert abs(head["nps"]["change"] - want["nps"]["diff"]) < 1e-9
        assert abs(head["nps"]["p"] - want["nps"]["p"]) < 1e-9
        text = [f for f, _ in summary_findings(
            openpyxl.load_workbook(out)["Summary"])]
        assert ("Speed fell %.2f points since 2026Q2 (significant)." %
                abs(want["speed"]["diff"])) in text, text
        assert not any(re.match(r"(Staff|Price) (rose|fell)", f)
                       for f in text), text


def main():
    passed = failed = 0
    # E2E_ONLY=name,name runs those cases only (while working on them).
    only = set(filter(None, os.environ.get("E2E_ONLY", "").split(",")))
    for fn in CASES:
        if only and fn.__name__ not in only:
            continue
        try:
            fn()
            passed += 1
            print("ok   " + fn.__name__)
        except Exception:
            failed += 1
            print("FAIL " + fn.__name__)
            traceback.print_exc(limit=2)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
