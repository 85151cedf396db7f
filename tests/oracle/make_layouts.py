#!/usr/bin/python3
"""Writes testdata/layouts/: the same twelve responses as each survey
platform exports them (layout, encoding, delimiter, answer labels, missing
codes, duration format), and as a plain UTF-8 CSV (reference/). The end-to-
end test asserts that satpipe finds exactly the same per-item n and mean in
every folder as in reference/. Hand-written after each platform's export
format; deterministic.

Usage: make_layouts.py [OUT_DIR]"""
import datetime
import os
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "testdata/layouts"

# Respondents: S1, S2 (service), T1, T2 (staff), overall, nps, seconds.
# None = no answer.
ROWS = [
    (5, 4, 4, 5, 5, 10, 312), (4, 4, 3, 4, 4, 9, 125),
    (2, 3, 2, None, 2, 3, 640), (3, 3, 4, 4, 3, 7, 95),
    (5, 5, 4, 5, 5, 10, 200), (1, 2, 1, 2, 1, 0, 161),
    (4, None, 4, 3, 4, 8, 3725), (3, 4, 3, 3, 3, 6, 300),
    (5, 4, None, 4, 4, 9, 180), (2, 2, 3, 2, 2, 4, 240),
    (4, 5, 4, 4, 5, 10, 410), (3, 3, 4, None, 3, 5, 150),
]
EN = {1: "Very dissatisfied", 2: "Dissatisfied", 3: "Neutral",
      4: "Satisfied", 5: "Very satisfied"}
QUALTRICS = {1: "Extremely dissatisfied", 2: "Somewhat dissatisfied",
             3: "Neither satisfied nor dissatisfied",
             4: "Somewhat satisfied", 5: "Extremely satisfied"}
ZH = {1: "非常不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "非常满意"}
COMMENTS = ["Great", "", "Slow, and rude", 'Said "fine"', "", "Never again",
            "ok", "", "line one\nline two", "", "Thanks!", ""]


START = datetime.datetime(2026, 9, 1, 10, 0, 0)


def end_time(seconds, fmt):
    """The end timestamp of a response that took `seconds`."""
    return (START + datetime.timedelta(seconds=seconds)).strftime(fmt)


def quote(v, delim=","):
    v = "" if v is None else str(v)
    if any(c in v for c in (delim, '"', "\n", "\r")):
        return '"' + v.replace('"', '""') + '"'
    return v


def write(folder, name, header_rows, rows, spec, delim=",", eol="\n",
          encoding="utf-8", bom=False):
    path = os.path.join(OUT, folder)
    os.makedirs(path, exist_ok=True)
    lines = [delim.join(quote(c, delim) for c in r) for r in header_rows + rows]
    if callable(eol):
        text = "".join(line + eol(i) for i, line in enumerate(lines))
    else:
        text = eol.join(lines) + eol
    data = text.encode(encoding)
    if bom:
        data = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe",
                "utf-16-be": b"\xfe\xff"}[encoding] + data
    with open(os.path.join(path, name), "wb") as f:
        f.write(data)
    with open(os.path.join(path, "survey.yaml"), "w", encoding="utf-8") as f:
        f.write(spec)


def spec(title, s1, s2, t1, t2, overall, nps, extra=""):
    q = lambda c: '"%s"' % c.replace('"', '\\\\"')
    return ("title: %s\nscale: [1, 5]\nmissing: [99]\n%soverall: %s\n"
            "nps: %s\ndimensions:\n  - key: service\n    items: [%s, %s]\n"
            "  - key: staff\n    items: [%s, %s]\n"
            % (title, extra, q(overall), q(nps), q(s1), q(s2), q(t1), q(t2)))


def cell(v, labels=None, missing=""):
    if v is None:
        return missing
    return labels[v] if labels else str(v)


# reference/: plain UTF-8, codes
write("reference", "reference.csv",
      [["id", "S1", "S2", "T1", "T2", "overall", "nps", "seconds", "comment"]],
      [["R%d" % i, *[cell(v) for v in r[:6]], r[6], COMMENTS[i]]
       for i, r in enumerate(ROWS)],
      spec("Reference", "S1", "S2", "T1", "T2", "overall", "nps",
           "id: id\nduration: seconds\ncomment: comment\n"))

# qualtrics/: three header rows, ImportId JSON, trailing empty column,
# answer labels, NPS end points labelled, -99 for seen-not-answered.
QS = "How satisfied are you with our service? - "
QT = "How satisfied are you with our staff? - "
ids = ["StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)",
       "Finished", "RecordedDate", "ResponseId", "Q1_1", "Q1_2", "Q2_1",
       "Q2_2", "Q3", "Q4", "Q5", ""]
texts = ["Start Date", "End Date", "Response Type", "Progress",
         "Duration (in seconds)", "Finished", "Recorded Date", "Response ID",
         QS + "Speed", QS + "Accuracy", QT + "Friendliness",
         QT + "Knowledge", "Overall, how satisfied are you?",
         "How likely are you to recommend us?", "Any comments?", ""]
imports = ['{"ImportId":"%s"}' % i for i in
           ("startDate", "endDate", "status", "progress", "duration",
            "finished", "recordedDate", "_recordId", "QID1_1", "QID1_2",
            "QID2_1", "QID2_2", "QID3", "QID4", "QID5_TEXT")] + [""]


def nps_label(v):
    return {0: "0 - Not at all likely", 10: "10 - Extremely likely"}.get(v, str(v))


rows = []
for i, r in enumerate(ROWS):
    missing = "-99" if i % 2 else ""
    rows.append(["2026-09-01 10:00:00", "2026-09-01 10:05:12", "IP Address",
                 "100", str(r[6]), "True", "2026-09-01 10:05:13",
                 "R_%04d" % i, *[cell(v, QUALTRICS, missing) for v in r[:5]],
                 nps_label(r[5]), COMMENTS[i], ""])
write("qualtrics", "export.csv", [ids, texts, imports], rows,
      spec("Qualtrics", "Q1_1", "Q1_2", "Q2_1", QT + "Knowledge", "Q3", "Q4",
           "id: ResponseId\ncomment: Q5\n"))

# qualtrics_legacy/: the two-row export of older Qualtrics, codes.
ids2 = ["ResponseID", "ResponseSet", "StartDate", "EndDate", "Finished",
        "Q1_1", "Q1_2", "Q2_1", "Q2_2", "Q3", "Q4"]
texts2 = ["ResponseID", "ResponseSet", "StartDate", "EndDate", "Finished",
          QS + "Speed", QS + "Accuracy", QT + "Friendliness",
          QT + "Knowledge", "Overall, how satisfied are you?",
          "How likely are you to recommend us?"]
write("qualtrics_legacy", "legacy.csv", [ids2, texts2],
      [["R_%d" % i, "Default Response Set", "2026-09-01 10:00:00",
        end_time(r[6], "%Y-%m-%d %H:%M:%S"), "1",
        *[cell(v) for v in r[:6]]] for i, r in enumerate(ROWS)],
      spec("Qualtrics legacy", "Q1_1", "Q1_2", "Q2_1", "Q2_2", "Q3", "Q4"))

# surveymonkey/: two header rows, matrix question over its first column.
SMS = "How satisfied are you with our service?"
SMT = "How satisfied are you with our staff?"
SMO = "Overall, how satisfied are you?"
SMN = "How likely is it that you would recommend us to a friend or colleague?"
h0 = ["Respondent ID", "Collector ID", "Start Date", "End Date",
      "IP Address", "Email Address", SMS, "", SMT, "", SMO, SMN,
      "Any comments?"]
h1 = ["", "", "", "", "", "", "Speed", "Accuracy", "Friendliness",
      "Knowledge", "Response", "Response", "Open-Ended Response"]
write("surveymonkey", "Data_All_260901.csv", [h0, h1],
      [["1140%05d" % i, "4000001", "09/01/2026 10:00:00 AM",
        end_time(r[6], "%m/%d/%Y %I:%M:%S %p"), "1.2.3.4", "",
        *[cell(v, EN) for v in r[:5]], cell(r[5]), COMMENTS[i]]
       for i, r in enumerate(ROWS)],
      spec("SurveyMonkey", SMS + " - Speed", SMS + " - Accuracy",
           SMT + " - Friendliness", SMT + " - Knowledge", SMO, SMN))

# wenjuanxing/: GB18030, 序号 ..., matrix sub-items "1(速度)", Chinese
# labels, -2/-3/(跳过) for skipped or not shown, durations "5分12秒".
hz = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP",
      "1(速度)", "1(准确性)", "2(友好)", "2(专业)",
      "3、总体而言，您对我们满意吗？", "4、您向朋友推荐我们的可能性有多大？",
      "5、其他意见"]


def zh_duration(s):
    return "%d秒" % s if s < 60 or s % 2 else "%d分%d秒" % (s // 60, s % 60)


rows = []
for i, r in enumerate(ROWS):
    skip = ["-2", "-3", "(跳过)"][i % 3]
    rows.append([str(i + 1), "2026/9/1 10:%02d:12" % i, zh_duration(r[6]),
                 "手机提交", "直接访问", "1.2.3.4(北京)",
                 *[cell(v, ZH, skip) for v in r[:5]], cell(r[5]),
                 COMMENTS[i]])
write("wenjuanxing", "问卷星导出.csv", [hz], rows,
      spec("问卷星", "Q1_1", "Q1_2", "友好", "Q2_2",
           "总体而言，您对我们满意吗？", "Q4", "language: zh-CN\n"),
      encoding="gb18030")

# limesurvey/: code headings, array sub-questions Q1[SQ001].
hl = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate",
      "Q1[SQ001]", "Q1[SQ002]", "Q2[SQ001]", "Q2[SQ002]", "Q3", "Q4",
      "Q5", "interviewtime"]
write("limesurvey", "results-survey123.csv", [hl],
      [[str(i + 1), end_time(r[6], "%Y-%m-%d %H:%M:%S"), "3", "en", "12345",
        "2026-09-01 10:00:00", *[cell(v) for v in r[:6]], COMMENTS[i],
        "%.2f" % r[6]] for i, r in enumerate(ROWS)],
      spec("LimeSurvey", "Q1[SQ001]", "Q1[SQ002]", "Q2[SQ001]", "Q2[SQ002]",
           "Q3", "Q4"))

# google_forms/: Timestamp, grid columns "Question [Row]", labels.
GS = "How satisfied are you with our service?"
GT = "How satisfied are you with our staff?"
hg = ["Timestamp", GS + " [Speed]", GS + " [Accuracy]",
      GT + " [Friendliness]", GT + " [Knowledge]",
      "Overall, how satisfied are you?",
      "How likely are you to recommend us?", "Any comments?"]
write("google_forms", "Form Responses 1.csv", [hg],
      [["9/%d/2026 10:05:12" % (i + 1), *[cell(v, EN) for v in r[:5]],
        cell(r[5]), COMMENTS[i]] for i, r in enumerate(ROWS)],
      spec("Google Forms", hg[1], hg[2], hg[3], hg[4], hg[5], hg[6]))

# excel_semicolon/: a European Excel re-save: ';', UTF-8 BOM, CRLF and
# LF line ends mixed.
plain_header = [["id", "S1", "S2", "T1", "T2", "overall", "nps", "comment"]]
plain_rows = [["R%d" % i, *[cell(v) for v in r[:6]], COMMENTS[i]]
              for i, r in enumerate(ROWS)]
plain_spec = spec("Plain", "S1", "S2", "T1", "T2", "overall", "nps")
write("excel_semicolon", "re-saved.csv", plain_header, plain_rows,
      plain_spec, delim=";", eol=lambda i: "\r\n" if i % 2 else "\n",
      bom=True)

# utf16le/: Excel "Unicode text": UTF-16LE with BOM, tab-delimited.
write("utf16le", "unicode.csv", plain_header, plain_rows, plain_spec,
      delim="\t", eol="\r\n", encoding="utf-16-le", bom=True)

# utf16be/: UTF-16BE with BOM, comma-delimited, CR-only line ends.
write("utf16be", "be.csv", plain_header, plain_rows, plain_spec,
      eol="\r", encoding="utf-16-be", bom=True)

# gbk/: plain layout from Chinese Excel: GBK (within GB18030), Chinese
# headers and labels, no BOM.
zh_header = [["编号", "速度", "准确性", "友好", "专业", "总体满意度", "推荐意愿", "意见"]]
write("gbk", "中文.csv", zh_header,
      [["R%d" % i, *[cell(v, ZH) for v in r[:5]], cell(r[5]), COMMENTS[i]]
       for i, r in enumerate(ROWS)],
      spec("GBK", "速度", "准确性", "友好", "专业", "总体满意度", "推荐意愿"),
      encoding="gbk")
