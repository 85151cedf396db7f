/* csv_cells.c - fields of the CSV exports (cleaned responses, recovery
 * list): quoted by libcsv, and safe to open in a spreadsheet. */
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
        fputs("\"'", fp);
        for (const char *c = text; *c; c++) {
            if (*c == '"')
                fputc('"', fp);
            fputc(*c, fp);
        }
        fputc('"', fp);   /* a write error shows in report_close */
        return;
    }
    csv_fwrite(fp, text, strlen(text));
}

void report_csv_number(FILE *fp, double value)
{
    if (isfinite(value))
        fprintf(fp, "%.15g", value);
}
