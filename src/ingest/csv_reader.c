/* csv_reader.c - reads one CSV export with libcsv into the dataset.
 *
 * The input is fed to libcsv one physical line at a time, so that every
 * callback knows the line it is on: messages then name file, line and
 * column (the field's position). The first record is the header; its names
 * are matched to the spec's columns and only those columns are converted. */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "ingest_internal.h"
#include "satpipe/ingest.h"

/* Warnings of one kind per column and file shown before a summary line. */
#define WARN_LIMIT 3
#define READ_CHUNK (64 * 1024)

typedef struct reader {
    sp_dataset *ds;
    const sp_spec *spec;
    sp_diag *diag;
    const char *name;
    uint32_t source;
    long line;            /* physical line being fed, 1-based */
    int prev_cr;          /* the last byte fed was '\r' */
    long last_record_end; /* line on which the last record ended */
    size_t field;         /* index of the next field of the record */
    int in_header;
    char **header;        /* header names, trimmed */
    size_t n_header, header_cap;
    size_t *field_var;    /* per header field: variable or SP_NO_VARIABLE */
    size_t *warned;       /* per variable: invalid-value warnings given */
    size_t ragged;        /* rows whose field count differs from header */
    int skip_rows;        /* header unusable: read no data */
    sp_error err;         /* first error raised inside a callback */
} reader;

/* Line breaks inside a field (a quoted field may span lines). */
static long count_breaks(const char *s, size_t len)
{
    long n = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
            n++;
    return n;
}

static void header_field(reader *r, const char *data, size_t len)
{
    if (sp_grow((void **)&r->header, &r->header_cap, r->n_header + 1,
                sizeof(char *)) != SP_OK) {
        r->err = SP_ERR_NOMEM;
        return;
    }
    const char *name = ingest_trim(data, &len);
    if (!(r->header[r->n_header] = sp_strndup(name, len))) {
        r->err = SP_ERR_NOMEM;
        return;
    }
    r->n_header++;
}

/* Matches the header to the spec's variables; reports absent and doubled
 * columns. Absent columns are a spec error: the message points at the line
 * of the spec that names them. */
static void header_done(reader *r)
{
    const sp_spec *spec = r->spec;
    r->field_var = malloc((r->n_header ? r->n_header : 1) * sizeof(size_t));
    if (!r->field_var) {
        r->err = SP_ERR_NOMEM;
        return;
    }
    for (size_t f = 0; f < r->n_header; f++)
        r->field_var[f] = SP_NO_VARIABLE;
    for (size_t v = 0; v < spec->n_variables; v++) {
        const sp_variable *var = &spec->variables[v];
        size_t found = SP_NO_VARIABLE;
        for (size_t f = 0; f < r->n_header; f++) {
            if (strcmp(r->header[f], var->name) != 0)
                continue;
            if (found != SP_NO_VARIABLE) {
                sp_diag_add(r->diag, SP_ERROR, r->name, r->line, (long)f + 1,
                            "column %s appears twice in the header (columns "
                            "%zu and %zu); rename one in the export",
                            var->name, found + 1, f + 1);
                r->skip_rows = 1;
                if (!r->err)
                    r->err = SP_ERR_INPUT;
                continue;
            }
            found = f;
            r->field_var[f] = v;
        }
        if (found == SP_NO_VARIABLE) {
            const char *hint = sp_closest_name(
                var->name, (const char *const *)r->header, r->n_header);
            sp_diag_add(r->diag, SP_ERROR, spec->path, var->line, 0,
                        "%s is not a column of %s%s%s%s", var->context,
                        r->name, hint ? " (did you mean " : "",
                        hint ? hint : "", hint ? "?)" : "");
            r->skip_rows = 1;
            if (!r->err || r->err == SP_ERR_INPUT)
                r->err = SP_ERR_SPEC;
        }
    }
}

static void warn_value(reader *r, size_t v, value_status status,
                       const char *data, size_t len)
{
    const sp_variable *var = &r->spec->variables[v];
    if (r->warned[v]++ >= WARN_LIMIT)
        return;
    const char *text = ingest_trim(data, &len);
    int shown = len > 40 ? 40 : (int)len;
    if (status == VALUE_OUT_OF_RANGE)
        sp_diag_add(r->diag, SP_WARNING, r->name, r->line, (long)r->field + 1,
                    "column %s: %.*s is outside the answers %d-%d; treated as "
                    "no answer (add it to 'missing' if it is a code)",
                    var->name, shown, text, var->min, var->max);
    else if (var->kind == SP_VALUE_RATING)
        sp_diag_add(r->diag, SP_WARNING, r->name, r->line, (long)r->field + 1,
                    "column %s: '%.*s%s' is neither an answer code nor one of "
                    "the spec's 'labels'; treated as no answer",
                    var->name, shown, text, len > 40 ? "..." : "");
    else
        sp_diag_add(r->diag, SP_WARNING, r->name, r->line, (long)r->field + 1,
                    "column %s: '%.*s%s' is not a number; treated as missing",
                    var->name, shown, text, len > 40 ? "..." : "");
}

static void store_cell(reader *r, size_t v, const char *data, size_t len)
{
    sp_dataset *ds = r->ds;
    const sp_variable *var = &r->spec->variables[v];
    size_t row = ds->n_rows;
    value_status status = VALUE_OK;
    switch (var->kind) {
    case SP_VALUE_RATING: {
        int code;
        status = ingest_convert_rating(r->spec, var, data, len, &code);
        if (status == VALUE_OK)
            ds->columns[v].codes[row] = (int16_t)code;
        break;
    }
    case SP_VALUE_NUMBER:
        status = ingest_convert_number(data, len, &ds->columns[v].numbers[row]);
        break;
    case SP_VALUE_TEXT: {
        const char *text = ingest_trim(data, &len);
        if (len && !(ds->columns[v].texts[row] = sp_strndup(text, len)))
            r->err = SP_ERR_NOMEM;
        break;
    }
    }
    if (status == VALUE_INVALID || status == VALUE_OUT_OF_RANGE) {
        if (ds->invalid[row] < UINT16_MAX)
            ds->invalid[row]++;
        ds->sources[r->source].invalid++;
        warn_value(r, v, status, data, len);
    }
}

static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    if (r->err == SP_ERR_NOMEM)
        return;
    if (r->in_header) {
        header_field(r, data, len);
        r->field++;
        return;
    }
    if (r->skip_rows)
        return;
    if (r->field == 0) {
        long start = r->line - count_breaks(data, len);
        sp_error err = dataset_begin_row(r->ds, r->source,
                                         start > 0 ? (uint32_t)start : 1);
        if (err) {
            r->err = err;
            return;
        }
    }
    if (r->field < r->n_header && r->field_var[r->field] != SP_NO_VARIABLE)
        store_cell(r, r->field_var[r->field], data, len);
    r->field++;
}

static void on_record(int terminator, void *ctx)
{
    (void)terminator;
    reader *r = ctx;
    r->last_record_end = r->line;
    if (r->err == SP_ERR_NOMEM)
        return;
    if (r->in_header) {
        r->in_header = 0;
        header_done(r);
    } else if (!r->skip_rows) {
        if (r->field != r->n_header && r->ragged++ < WARN_LIMIT)
            sp_diag_add(r->diag, SP_WARNING, r->name, r->line, 0,
                        "this row has %zu fields but the header has %zu; "
                        "%s", r->field, r->n_header,
                        r->field < r->n_header
                            ? "the missing fields count as no answer"
                            : "the extra fields are ignored");
        dataset_end_row(r->ds);
    }
    r->field = 0;
}

/* Feeds buf to libcsv one physical line at a time ("\n", "\r\n" or "\r"
 * ends a line), counting lines as it goes. */
static sp_error feed(reader *r, struct csv_parser *p, const char *buf,
                     size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        int end_of_line = i < len && (buf[i] == '\n' || buf[i] == '\r');
        if (!end_of_line && i < len)
            continue;
        size_t seg = end_of_line ? i + 1 - start : i - start;
        if (seg && csv_parse(p, buf + start, seg, on_field, on_record, r) !=
                       seg) {
            sp_diag_add(r->diag, SP_ERROR, r->name, r->line, 0,
                        "cannot parse: %s", csv_strerror(csv_error(p)));
            return csv_error(p) == CSV_ENOMEM ? SP_ERR_NOMEM : SP_ERR_INPUT;
        }
        if (r->err == SP_ERR_NOMEM)
            return r->err;
        if (end_of_line) {
            if (buf[i] == '\r' || !r->prev_cr)
                r->line++;
            r->prev_cr = buf[i] == '\r';
        } else if (seg) {
            r->prev_cr = 0;
        }
        start = i + 1;
    }
    return SP_OK;
}

/* Reads from fp (or from data when fp is NULL) into r->ds. */
static sp_error read_csv(reader *r, FILE *fp, const char *data, size_t len)
{
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return SP_ERR_NOMEM;
    sp_error err = SP_OK;
    char *chunk = fp ? malloc(READ_CHUNK) : NULL;
    int first = 1;
    if (fp && !chunk) {
        err = SP_ERR_NOMEM;
        goto cleanup;
    }
    for (;;) {
        const char *buf = data;
        size_t n = len;
        if (fp) {
            n = fread(chunk, 1, READ_CHUNK, fp);
            buf = chunk;
            if (n == 0 && ferror(fp)) {
                sp_diag_add(r->diag, SP_ERROR, r->name, r->line, 0,
                            "read error: %s", strerror(errno));
                err = SP_ERR_IO;
                goto cleanup;
            }
        }
        if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
            buf += 3;   /* UTF-8 byte order mark, as Excel writes it */
            n -= 3;
        }
        first = 0;
        if ((err = feed(r, &parser, buf, n)) != SP_OK)
            goto cleanup;
        if (!fp || n == 0)
            break;
    }
    /* libcsv reports a quoted field left open at the end only in strict
     * mode; strict mode while parsing would reject stray quotes inside
     * unquoted text (12" screen), so it is switched on for csv_fini only,
     * where this is the one check it changes. */
    csv_set_opts(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    if (csv_fini(&parser, on_field, on_record, r) != 0) {
        sp_diag_add(r->diag, SP_ERROR, r->name, r->last_record_end + 1, 0,
                    "a quoted field that starts on or after this line is "
                    "never closed; the file is probably cut off: export it "
                    "again");
        err = SP_ERR_INPUT;
    }
cleanup:
    csv_free(&parser);
    free(chunk);
    return err;
}

/* Reads one export into ds; fp or (data, len) is the input. */
static sp_error ingest_read(sp_dataset *ds, const char *name, FILE *fp,
                            const char *data, size_t len, sp_diag *diag)
{
    reader r = {.ds = ds, .spec = ds->spec, .diag = diag, .name = name,
                .line = 1, .in_header = 1};
    sp_error err = dataset_add_source(ds, name, &r.source);
    if (err)
        return err;
    r.warned = calloc(ds->spec->n_variables ? ds->spec->n_variables : 1,
                      sizeof(size_t));
    if (!r.warned)
        return SP_ERR_NOMEM;
    size_t rows_before = ds->n_rows;
    err = read_csv(&r, fp, data, len);
    if (r.field > 0 && !r.in_header && !r.skip_rows)
        dataset_discard_row(ds);   /* its record never ended */
    if (err == SP_OK)
        err = r.err;
    if (err == SP_OK && r.in_header) {
        sp_diag_add(diag, SP_ERROR, name, 0, 0,
                    "the file is empty (no header row); export it again or "
                    "remove it from the inputs");
        err = SP_ERR_INPUT;
    }
    if (err == SP_OK && ds->n_rows == rows_before)
        sp_diag_add(diag, SP_WARNING, name, 0, 0,
                    "the file has a header but no responses");
    for (size_t v = 0; v < ds->spec->n_variables; v++)
        if (r.warned[v] > WARN_LIMIT)
            sp_diag_add(diag, SP_WARNING, name, 0, 0,
                        "column %s: %zu more invalid values treated as no "
                        "answer", ds->spec->variables[v].name,
                        r.warned[v] - WARN_LIMIT);
    if (r.ragged > WARN_LIMIT)
        sp_diag_add(diag, SP_WARNING, name, 0, 0,
                    "%zu more rows whose number of fields differs from the "
                    "header", r.ragged - WARN_LIMIT);
    free(r.warned);
    free(r.field_var);
    sp_strv_free(r.header, r.n_header);
    return err;
}

sp_error sp_ingest_buffer(sp_dataset *ds, const char *name, const char *data,
                          size_t len, sp_diag *diag)
{
    return ingest_read(ds, name, NULL, data, len, diag);
}

sp_error sp_ingest_file(sp_dataset *ds, const char *path, sp_diag *diag)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        sp_diag_add(diag, SP_ERROR, path, 0, 0,
                    "cannot open: %s; check the path and its permissions",
                    strerror(errno));
        return SP_ERR_IO;
    }
    sp_error err = ingest_read(ds, path, fp, NULL, 0, diag);
    fclose(fp);
    return err;
}
