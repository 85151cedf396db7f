/* csv_cells.c - fields of the CSV exports (cleaned responses, recovery
 * list): quoted by libcsv, and safe to open in a spreadsheet. A writer's
 * stream is its own, never shared between threads, so it is written
 * without stdio's per-call lock (millions of fields at scale). */
#include <csv.h>
#include <math.h>
#include <string.h>

#include "report_internal.h"

void report_csv_text(FILE *fp, const char *text)
{
    if (!text)
        return;
    /* A spreadsheet runs a field starting with these as a formula; the
     * apostrophe makes it text (OWASP's advice on CSV injection). */
    if (text[0] && strchr("=+-@\t\r", text[0])) {
        fputs_unlocked("\"'", fp);
        for (const char *c = text; *c; c++) {
            if (*c == '"')
                fputc_unlocked('"', fp);
            fputc_unlocked(*c, fp);
        }
        fputc_unlocked('"', fp);   /* a write error shows in report_close */
        return;
    }
    if (!strchr(text, '"')) {   /* most text: what csv_fwrite writes */
        fputc_unlocked('"', fp);
        fputs_unlocked(text, fp);
        fputc_unlocked('"', fp);
        return;
    }
    csv_fwrite(fp, text, strlen(text));
}

void report_csv_number(FILE *fp, double value)
{
    if (!isfinite(value))
        return;
    /* Whole numbers (answer codes, mostly) are written without printf's
     * floating-point formatting: the same digits as %.15g. */
    if (value == floor(value) && fabs(value) < 1e15) {
        char digits[24], *p = digits + sizeof digits;
        long long whole = (long long)fabs(value);
        *--p = '\0';
        do
            *--p = (char)('0' + whole % 10);
        while ((whole /= 10) != 0);
        if (signbit(value))   /* -0 too, as %.15g writes it */
            *--p = '-';
        fputs_unlocked(p, fp);
        return;
    }
    fprintf(fp, "%.15g", value);
}
