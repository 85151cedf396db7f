/* values.c - converts the text of one cell into an answer code or number.
 * Ratings accept the spec's answer labels and whole numbers ("4", "4.0");
 * missing codes become missing, except that on the 0-10 NPS item a code
 * inside 0-10 is an answer (0 is a common "don't know" code on 1-5 items
 * but a real NPS answer). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* Parses a finite number filling all of text[0..len); 0 when it is not. */
static int parse_number(const char *text, size_t len, double *out)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf || memchr(text, '\0', len))
        return 0;
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *end;
    double v = strtod(buf, &end);
    if (*end || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

value_status ingest_convert_number(const char *text, size_t len, double *out)
{
    text = ingest_trim(text, &len);
    if (len == 0)
        return VALUE_EMPTY;
    return parse_number(text, len, out) ? VALUE_OK : VALUE_INVALID;
}

/* Looks up an answer label of the spec; 0 when text is none of them. */
static int find_label(const sp_spec *spec, const char *text, size_t len,
                      double *out)
{
    for (size_t i = 0; i < spec->n_labels; i++) {
        const char *label = spec->labels[i].text;
        if (strlen(label) == len && memcmp(label, text, len) == 0) {
            *out = spec->labels[i].code;
            return 1;
        }
    }
    return 0;
}

value_status ingest_convert_rating(const sp_spec *spec,
                                   const sp_variable *var, const char *text,
                                   size_t len, int *code)
{
    text = ingest_trim(text, &len);
    if (len == 0)
        return VALUE_EMPTY;
    double v;
    if (!parse_number(text, len, &v) && !find_label(spec, text, len, &v))
        return VALUE_INVALID;
    if (v != floor(v) || v < -32767 || v > 32767)
        return VALUE_INVALID;
    int c = (int)v;
    int in_range = c >= var->min && c <= var->max;
    for (size_t i = 0; i < spec->n_missing; i++)
        if (spec->missing[i] == c && !(var->role == SP_ROLE_NPS && in_range))
            return VALUE_MISSING_CODE;
    if (!in_range)
        return VALUE_OUT_OF_RANGE;
    *code = c;
    return VALUE_OK;
}
