/* values.c - converts the text of one cell into an answer code or number.
 * Ratings accept whole numbers ("4", "4.0", "5 - Very satisfied", "5分"),
 * the spec's answer labels and, for 5- and 7-point scales, the usual
 * satisfaction and agreement labels in English and Chinese; labels are
 * trimmed and compared ignoring ASCII case. Missing codes become missing,
 * except that on the 0-10 NPS item a code inside 0-10 is an answer (0 is a
 * common "don't know" code on 1-5 items but a real NPS answer). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "encoding.h"
#include "ingest_internal.h"

const char *ingest_trim(const char *text, size_t *len)
{
    size_t n = *len;
    while (n && (*text == ' ' || *text == '\t')) {
        text++;
        n--;
    }
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        n--;
    *len = n;
    return text;
}

/* Copies text[0..len) into buf (size 64) NUL-terminated; 0 if too long or
 * holding NUL. */
static int to_cstring(const char *text, size_t len, char buf[64])
{
    if (len == 0 || len >= 64 || memchr(text, '\0', len))
        return 0;
    memcpy(buf, text, len);
    buf[len] = '\0';
    return 1;
}

/* Parses a finite number filling all of text[0..len); 0 when it is not. */
static int parse_number(const char *text, size_t len, double *out)
{
    /* Nearly every answer is a short whole number: read it without the
     * copy and strtod, to the same value. */
    size_t start = len > 1 && text[0] == '-', k = start;
    long whole = 0;
    for (; k < len && k - start < 9 && text[k] >= '0' && text[k] <= '9'; k++)
        whole = whole * 10 + (text[k] - '0');
    if (k == len && k > start) {
        *out = start ? -(double)whole : (double)whole;
        return 1;
    }
    char buf[64];
    if (!to_cstring(text, len, buf))
        return 0;
    char *end;
    double v = strtod(buf, &end);
    if (*end || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

/* "5 - Very satisfied", "5 = ...", "5: ...", "10 – Extremely likely",
 * "5分": a whole number then a separator and a label. */
static int parse_coded_label(const char *text, size_t len, double *out)
{
    char buf[64];
    if (!to_cstring(text, len < 63 ? len : 63, buf))
        return 0;
    char *end;
    long v = strtol(buf, &end, 10);
    if (end == buf)
        return 0;
    while (*end == ' ')
        end++;
    static const char *const seps[] = {"-", "=", ":", "–", "—", "分", NULL};
    for (size_t i = 0; seps[i]; i++)
        if (strncmp(end, seps[i], strlen(seps[i])) == 0) {
            *out = (double)v;
            return 1;
        }
    return 0;
}

/* Built-in answer labels: text, the number of scale points it belongs to,
 * and its rank from the lowest point (0). */
typedef struct builtin_label {
    const char *text;
    int points, rank;
} builtin_label;

static const builtin_label builtin_labels[] = {
    /* 5-point satisfaction and agreement, English */
    {"Very dissatisfied", 5, 0}, {"Extremely dissatisfied", 5, 0},
    {"Dissatisfied", 5, 1}, {"Somewhat dissatisfied", 5, 1},
    {"Neutral", 5, 2}, {"Neither satisfied nor dissatisfied", 5, 2},
    {"Satisfied", 5, 3}, {"Somewhat satisfied", 5, 3},
    {"Very satisfied", 5, 4}, {"Extremely satisfied", 5, 4},
    {"Strongly disagree", 5, 0}, {"Disagree", 5, 1},
    {"Somewhat disagree", 5, 1}, {"Neither agree nor disagree", 5, 2},
    {"Agree", 5, 3}, {"Somewhat agree", 5, 3}, {"Strongly agree", 5, 4},
    /* 5-point, Chinese */
    {"非常不满意", 5, 0}, {"不满意", 5, 1}, {"比较不满意", 5, 1},
    {"不太满意", 5, 1}, {"一般", 5, 2}, {"中立", 5, 2}, {"满意", 5, 3},
    {"比较满意", 5, 3}, {"非常满意", 5, 4}, {"非常不同意", 5, 0},
    {"不同意", 5, 1}, {"比较不同意", 5, 1}, {"同意", 5, 3},
    {"比较同意", 5, 3}, {"非常同意", 5, 4},
    /* 7-point satisfaction and agreement, English */
    {"Extremely dissatisfied", 7, 0}, {"Very dissatisfied", 7, 0},
    {"Moderately dissatisfied", 7, 1}, {"Dissatisfied", 7, 1},
    {"Slightly dissatisfied", 7, 2}, {"Somewhat dissatisfied", 7, 2},
    {"Neither satisfied nor dissatisfied", 7, 3}, {"Neutral", 7, 3},
    {"Slightly satisfied", 7, 4}, {"Somewhat satisfied", 7, 4},
    {"Moderately satisfied", 7, 5}, {"Satisfied", 7, 5},
    {"Extremely satisfied", 7, 6}, {"Very satisfied", 7, 6},
    {"Strongly disagree", 7, 0}, {"Disagree", 7, 1},
    {"Somewhat disagree", 7, 2}, {"Neither agree nor disagree", 7, 3},
    {"Somewhat agree", 7, 4}, {"Agree", 7, 5}, {"Strongly agree", 7, 6},
    /* 7-point, Chinese */
    {"非常不满意", 7, 0}, {"不满意", 7, 1}, {"比较不满意", 7, 2},
    {"一般", 7, 3}, {"比较满意", 7, 4}, {"满意", 7, 5}, {"非常满意", 7, 6},
    {"非常不同意", 7, 0}, {"不同意", 7, 1}, {"比较不同意", 7, 2},
    {"比较同意", 7, 4}, {"同意", 7, 5}, {"非常同意", 7, 6},
};

static int same_label(const char *label, const char *text, size_t len)
{
    return strlen(label) == len && strncasecmp(label, text, len) == 0;
}

int ingest_builtin_label(const char *text, size_t len, int points)
{
    for (size_t i = 0; i < sizeof builtin_labels / sizeof builtin_labels[0];
         i++)
        if (builtin_labels[i].points == points &&
            same_label(builtin_labels[i].text, text, len))
            return builtin_labels[i].rank;
    return -1;
}

/* The spec's labels first, then the built-in set for the scale. */
static int find_label(const sp_spec *spec, const sp_variable *var,
                      const char *text, size_t len, double *out)
{
    for (size_t i = 0; i < spec->n_labels; i++)
        if (same_label(spec->labels[i].text, text, len)) {
            *out = spec->labels[i].code;
            return 1;
        }
    int rank = ingest_builtin_label(text, len, var->max - var->min + 1);
    if (rank < 0)
        return 0;
    *out = var->min + rank;
    return 1;
}

static int has_bad_bytes(const char *text, size_t len)
{
    return ingest_has_replacement(text, len);
}

int ingest_parse_code(const char *text, size_t len, double *out)
{
    return parse_number(text, len, out) || parse_coded_label(text, len, out);
}

value_status ingest_convert_number(const char *text, size_t len, double *out)
{
    text = ingest_trim(text, &len);
    if (len == 0)
        return VALUE_EMPTY;
    if (has_bad_bytes(text, len))
        return VALUE_BAD_BYTES;
    return parse_number(text, len, out) ? VALUE_OK : VALUE_INVALID;
}

static int is_missing_code(const sp_spec *spec, const ingest_layout *layout,
                           int c)
{
    for (size_t i = 0; i < spec->n_missing; i++)
        if (spec->missing[i] == c)
            return 1;
    for (size_t i = 0; layout && i < layout->n_missing_codes; i++)
        if (layout->missing_codes[i] == c)
            return 1;
    return 0;
}

/* The whole number a cell holds: a number, an answer label or a coded
 * label ("5 - Very satisfied"). A number comes first: a label never
 * shadows one, and neither bad bytes nor a layout's missing texts read as
 * a number. */
static value_status rating_number(const sp_spec *spec,
                                  const ingest_layout *layout,
                                  const sp_variable *var, const char *text,
                                  size_t len, double *v)
{
    text = ingest_trim(text, &len);
    if (len == 0)
        return VALUE_EMPTY;
    if (!parse_number(text, len, v)) {
        if (has_bad_bytes(text, len))
            return VALUE_BAD_BYTES;
        for (size_t i = 0; layout && layout->missing_texts &&
                           layout->missing_texts[i]; i++)
            if (same_label(layout->missing_texts[i], text, len))
                return VALUE_MISSING_CODE;
        if (!find_label(spec, var, text, len, v) &&
            !parse_coded_label(text, len, v))
            return VALUE_INVALID;
    }
    return *v != floor(*v) || *v < -32767 || *v > 32767 ? VALUE_INVALID
                                                        : VALUE_OK;
}

value_status ingest_convert_rating(const sp_spec *spec,
                                   const ingest_layout *layout,
                                   const sp_variable *var, const char *text,
                                   size_t len, int *code)
{
    double v;
    if (len == 1 && text[0] >= '0' && text[0] <= '9') {
        v = text[0] - '0';   /* most cells: read at once */
    } else {
        value_status status = rating_number(spec, layout, var, text, len, &v);
        if (status != VALUE_OK)
            return status;
    }
    int c = (int)v;
    int in_range = c >= var->min && c <= var->max;
    if (is_missing_code(spec, layout, c) &&
        !(var->role == SP_ROLE_NPS && in_range))
        return VALUE_MISSING_CODE;
    if (!in_range)
        return VALUE_OUT_OF_RANGE;
    *code = c;
    return VALUE_OK;
}
