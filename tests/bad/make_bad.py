#!/usr/bin/python3
"""make_bad.py - writes the bad exports of tests/bad/ (run from anywhere:
they go beside this script). Each is ten well-formed, varied responses
with one way real exports go wrong worked into it; expected.txt says what
satpipe must answer (exit status and the words of its message). The
large cases (a 5 MB field, 20,000 columns, a 10,000-character header
name) are made by the e2e runner at test time instead of kept in git."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = "rid,sat,note,region,A1,A2,B1,B2"


def good_rows(n=10, first=1):
    rows = []
    for k in range(first, first + n):
        a = [1 + (k * 3 + j) % 5 for j in range(4)]   # never all equal
        rows.append("R%d,%d,comment %d,%s,%d,%d,%d,%d" % (
            k, 1 + k % 5, k, ["North", "South", "East"][k % 3], *a))
    return rows


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def export(name, bad_lines, header=HEADER, eol="\n"):
    write(name, eol.join([header] + good_rows() + bad_lines) + eol)


export("ok.csv", [])   # the spec cases read this one
write("empty.csv", b"")
write("header_only.csv", HEADER + "\n")
write("bom_only.csv", b"\xef\xbb\xbf")
write("quote_open_at_end.csv",
      "\n".join([HEADER] + good_rows()) + '\nR99,2,"never closed,South,1,2,2,1\n')
export("ragged_rows.csv", ["R91,2,short,South,1", "R92,5,long,East,5,4,3,2,1,0"])
import random
random.seed(5)
write("binary_garbage.csv", bytes(random.randrange(256) for _ in range(3000)))
export("nul_bytes.csv", ["R91,4,fi\x00ne,North,4,5,3,4"])
write("invalid_utf8.csv", ("\n".join([HEADER] + good_rows()) + "\n").encode()
      + b"R91,4,caf\xc3 \xff\xfe x,North,4,5,3,4\n")
write("invalid_gb18030.csv", ("\n".join([HEADER] + good_rows()) + "\n").encode()
      + "R91,4,满意,北,4,5,3,4\n".encode("gb18030")
      + b"R92,3,\x81\x20bad,\xc4\xcf,3,2,3,1\n")
export("duplicate_columns.csv", [], header="rid,sat,note,region,A1,A1,B1,B2")
export("missing_columns.csv", [], header="rid,sat,note,region,A1,A2,B1,BX")
export("non_numeric_codes.csv", ["R91,good,ok,North,four,5,3,4"])
export("negative_codes.csv", ["R91,-4,ok,North,-1,5,3,4"])
export("float_codes.csv", ["R91,4.5,ok,North,3.7,5,3,4"])
export("inf_nan_codes.csv", ["R91,inf,ok,North,nan,5,-inf,NaN"])
export("cr_line_ends.csv", [], eol="\r")
export("formula_text.csv", ['R91,4,"=HYPERLINK(""http://x"")",North,4,5,3,1',
                            "R92,3,+1+2,South,3,1,3,2",
                            "R93,2,@SUM(A1),East,2,1,2,3"])
export("odd_segment_values.csv",
       ['R91,4,ok,"North/South: [A]*?",4,5,3,1',
        "R92,3,ok,%s,3,1,3,2" % ("X" * 100)])
os.makedirs(os.path.join(HERE, "no_csv_here"), exist_ok=True)
write(os.path.join("no_csv_here", "readme.txt"), "not an export\n")
