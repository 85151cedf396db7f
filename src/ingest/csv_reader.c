/* csv_reader.c - reads one export into the dataset: decodes it to UTF-8
 * (encoding.c), sniffs the delimiter, feeds libcsv one physical line at a
 * time so that every message names file, line and column (the field's
 * position), holds the first records until the layout (layout.c) says how
 * many are header rows, then converts the cells the spec needs (values.c).
 * A malformed row is kept, marked with its defect, and excluded later. A
 * large file is read in two halves at once, cut where split.c says. */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../core/util.h"
#include "encoding.h"
#include "ingest_internal.h"
#include "reader.h"
#include "sample.h"

/* Warnings of one kind per column (or defect) and file before a summary. */
#define WARN_LIMIT 3
#define READ_CHUNK (64 * 1024)

struct split;

/* A limited warning of the second half: which diag entry, and its kind
 * (a variable, or n_variables + a row defect). */
typedef struct warn_kind {
    size_t entry, kind;
} warn_kind;

typedef struct reader {
    sp_dataset *ds;
    const sp_spec *spec;
    sp_diag *diag;
    const char *name;
    const ingest_settings *settings;
    ingest_sample *sample;   /* sampling for infer: no dataset rows */
    uint32_t source;
    ingest_encoding encoding;
    /* position */
    long line;            /* physical line being fed, 1-based */
    int prev_cr;          /* the last byte fed was '\r' */
    int at_line_start;    /* the last byte fed ended a line */
    long last_record_end; /* line on which the last record ended */
    long record_line;     /* line on which the current record starts */
    size_t field;         /* index of the next field of the record */
    /* header */
    int in_header;
    ingest_record head[INGEST_MAX_HEADER_ROWS];
    size_t n_head;
    const ingest_layout *layout;
    ingest_column *cols;
    size_t n_cols;
    size_t n_needed;      /* fields a row must have: up to the last named */
    size_t *field_var;    /* per column: variable or SP_NO_VARIABLE */
    long dur_field, start_field, end_field;  /* layout metadata, or -1 */
    long finished_field, status_field, submitted_field;
    /* current data row */
    int skip_rows;        /* the header is unusable: read no data */
    int row_open;         /* a dataset row is begun and not yet ended */
    sp_row_defect defect;
    int extra_nonempty;   /* a field beyond the header holds something */
    double row_start, row_end;
    /* Text fed so far held a NUL byte / a replacement character. Checked
     * once per decoded block, so that the cells need not be searched one
     * by one until a block had one (they stay set: a field may span
     * blocks). */
    int seen_nul, seen_replacement;
    size_t invalid_bytes;  /* byte sequences the decoder replaced */
    /* warnings given, per variable and per defect */
    size_t *warned;
    size_t defects[SP_ROW_OVERSIZED_FIELD + 1];
    /* A large file read in two halves at once (split.c). The first half's
     * reader has `split` and stops at stop_at raw bytes; the second's
     * starts after the header with the first's columns, logs its limited
     * warnings' kinds, and gives up when *stop is set. */
    struct split *split;
    off_t stop_at, consumed;
    int tail_read;         /* the second half read the rest of the file */
    char delimiter;        /* second half: the first half's */
    atomic_int *stop;
    warn_kind *kinds;
    size_t n_kinds, kinds_cap;
    sp_error err;
} reader;

typedef struct split {
    ingest_cut cut;
    reader half;           /* the second half's reader */
    pthread_t tid;
    int tried, running;
    atomic_int stop;
    sp_error err;          /* the second half's read */
} split;

/* Line breaks inside a field (a quoted field may span lines). */
static long count_breaks(const char *s, size_t len)
{
    long n = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' ||
            (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
            n++;
    return n;
}

static sp_error record_append(ingest_record *rec, const char *data,
                              size_t len)
{
    size_t cap = rec->cap;
    if (sp_grow((void **)&rec->fields, &cap, rec->n_fields + 1,
                sizeof(char *)) != SP_OK ||
        sp_grow((void **)&rec->lengths, &rec->cap, rec->n_fields + 1,
                sizeof(size_t)) != SP_OK)
        return SP_ERR_NOMEM;
    if (!(rec->fields[rec->n_fields] = sp_strndup(data, len)))
        return SP_ERR_NOMEM;
    rec->lengths[rec->n_fields++] = len;
    return SP_OK;
}

static void record_free(ingest_record *rec)
{
    sp_strv_free(rec->fields, rec->n_fields);
    free(rec->lengths);
    *rec = (ingest_record){0};
}


/* ---- warnings ---- */

/* The second half notes the kind of a limited warning it just added, for
 * the first half to keep as many as reading in turn would have. */
static void log_kind(reader *r, size_t before, size_t kind)
{
    if (!r->stop || !r->diag || r->diag->count == before)
        return;
    if (sp_grow((void **)&r->kinds, &r->kinds_cap, r->n_kinds + 1,
                sizeof *r->kinds) != SP_OK) {
        r->err = SP_ERR_NOMEM;
        return;
    }
    r->kinds[r->n_kinds++] = (warn_kind){before, kind};
}

static size_t diag_count(const reader *r)
{
    return r->diag ? r->diag->count : 0;
}

static void warn_value(reader *r, size_t v, value_status status,
                       const char *data, size_t len)
{
    const sp_variable *var = &r->spec->variables[v];
    if (r->warned[v]++ >= WARN_LIMIT)
        return;
    size_t before = diag_count(r);
    const char *text = ingest_trim(data, &len);
    int shown = len > 40 ? 40 : (int)len;
    const char *more = len > 40 ? "..." : "";
    long line = r->record_line, col = (long)r->field + 1;
    switch (status) {
    case VALUE_OUT_OF_RANGE:
        sp_diag_add(r->diag, SP_WARNING, r->name, line, col,
                    "column %s: %.*s is outside the answers %d-%d; treated "
                    "as no answer (add it to 'missing' if it is a code)",
                    var->name, shown, text, var->min, var->max);
        break;
    case VALUE_BAD_BYTES:
        sp_diag_add(r->diag, SP_WARNING, r->name, line, col,
                    "column %s: bytes that are not valid %s; treated as no "
                    "answer (set 'encoding:' in the spec if the file is in "
                    "another encoding)",
                    var->name, ingest_encoding_name(r->encoding));
        break;
    default:
        sp_diag_add(r->diag, SP_WARNING, r->name, line, col,
                    "column %s: '%.*s%s' is %s; treated as no answer",
                    var->name, shown, text, more,
                    var->kind == SP_VALUE_RATING
                        ? "neither an answer code nor a known answer label "
                          "(add it to 'labels')"
                    : var->kind == SP_VALUE_DURATION ? "not a duration"
                                                     : "not a number");
    }
    log_kind(r, before, v);
}

static void warn_defect(reader *r, sp_row_defect defect)
{
    if (r->defects[defect]++ >= WARN_LIMIT)
        return;
    size_t before = diag_count(r);
    switch (defect) {
    case SP_ROW_RAGGED:
        sp_diag_add(r->diag, SP_WARNING, r->name, r->record_line, 0,
                    "this row has %zu fields but the header has %zu; the "
                    "response is excluded (ragged_row)",
                    r->field, r->n_cols);
        break;
    case SP_ROW_NUL_BYTES:
        sp_diag_add(r->diag, SP_WARNING, r->name, r->record_line, 0,
                    "this row holds NUL bytes (is the file UTF-16 without a "
                    "byte order mark, or binary?); the response is excluded "
                    "(nul_bytes)");
        break;
    case SP_ROW_OVERSIZED_FIELD:
        sp_diag_add(r->diag, SP_WARNING, r->name, r->record_line, 0,
                    "a field of this row is longer than %u bytes; the "
                    "response is excluded (oversized_field)",
                    SP_MAX_FIELD_BYTES);
        break;
    default:
        break;
    }
    log_kind(r, before, r->spec->n_variables + defect);
}

/* ---- data rows ---- */

/* A text cell into the dataset. */
static void store_text(reader *r, size_t v, const char *text, size_t len)
{
    sp_dataset *ds = r->ds;
    sp_error err = dataset_set_text(ds, v, ds->n_rows, text, len);
    if (err && err != r->err)   /* said once */
        dataset_text_error(r->diag, r->name, r->record_line, err);
    if (err && r->err != SP_ERR_NOMEM)
        r->err = err;
}

/* The row being read's seconds in s (its duration or submission time). */
static void set_seconds(reader *r, sp_seconds *s, double x)
{
    sp_error err = dataset_set_seconds(r->ds, s, r->ds->n_rows, x);
    if (err && !r->err)
        r->err = err;
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
        status = ingest_convert_rating(r->spec, r->layout, var, data, len,
                                       &code);
        if (status == VALUE_OK)
            dataset_set_code(ds, v, row, code);
        break;
    }
    case SP_VALUE_NUMBER:
        status = ingest_convert_number(data, len, &ds->columns[v].numbers[row]);
        break;
    case SP_VALUE_DURATION: {
        double seconds;
        status = ingest_convert_duration(data, len, &seconds);
        if (status == VALUE_OK)
            set_seconds(r, &ds->duration, seconds);
        break;
    }
    case SP_VALUE_TEXT: {
        const char *text = ingest_trim(data, &len);
        if (r->seen_replacement && len >= 3 &&
            ingest_has_replacement(text, len))
            status = VALUE_BAD_BYTES;   /* never store mojibake */
        else if (len)
            store_text(r, v, text, len);
        break;
    }
    }
    if (status == VALUE_INVALID || status == VALUE_OUT_OF_RANGE ||
        status == VALUE_BAD_BYTES) {
        if (ds->invalid[row] < UINT16_MAX)
            ds->invalid[row]++;
        ds->sources[r->source].invalid++;
        warn_value(r, v, status, data, len);
    }
}

/* A platform's "not finished" (0, false) or "preview" status value. */
static int is_false(const char *t, size_t n)
{
    return (n == 1 && t[0] == '0') || (n == 5 && strncasecmp(t, "false", 5) == 0);
}

static int is_preview(const char *t, size_t n)
{
    return (n == 1 && t[0] == '1') || (n == 2 && memcmp(t, "16", 2) == 0) ||
           (n >= 7 && memmem(t, n, "review", 6) != NULL);
}

/* Metadata the spec does not name: the layout's duration column or its
 * start and end times, the submission time, and platform flags. */
static void store_metadata(reader *r, const char *data, size_t len)
{
    long f = (long)r->field;
    size_t row = r->ds->n_rows;
    double t;
    if (f == r->dur_field && ingest_convert_duration(data, len, &t) == VALUE_OK)
        set_seconds(r, &r->ds->duration, t);
    if (f == r->start_field && ingest_parse_timestamp(data, len, &t))
        r->row_start = t;
    if (f == r->end_field && ingest_parse_timestamp(data, len, &t)) {
        r->row_end = t;
        set_seconds(r, &r->ds->submitted, t);
    }
    if (f != r->finished_field && f != r->status_field &&
        f != r->submitted_field)
        return;   /* nearly every field */
    const char *v = ingest_trim(data, &len);
    if (f == r->finished_field && is_false(v, len))
        r->ds->flags[row] |= SP_FLAG_UNFINISHED;
    if (f == r->status_field && is_preview(v, len))
        r->ds->flags[row] |= SP_FLAG_PREVIEW;
    if (f == r->submitted_field && len == 0)
        r->ds->flags[row] |= SP_FLAG_UNFINISHED;
}

static void data_field(reader *r, const char *data, size_t len)
{
    if (r->sample) {
        sample_cell(r->sample, r->field++, data, len);
        return;
    }
    if (r->skip_rows)
        return;
    if (r->field == 0) {
        sp_error err = dataset_begin_row(
            r->ds, r->record_line > 0 ? (uint32_t)r->record_line : 1);
        if (err == SP_ERR_INPUT && r->err != err)
            sp_diag_add(r->diag, SP_ERROR, r->name, r->record_line, 0,
                        "more than %u responses, the most satpipe reads at "
                        "once; split the inputs", (unsigned)UINT32_MAX - 1);
        if (err) {
            r->err = err;
            return;
        }
        r->row_open = 1;
        r->defect = SP_ROW_OK;
        r->extra_nonempty = 0;
        r->row_start = r->row_end = NAN;
    }
    if (r->defect == SP_ROW_OK) {
        if (len > SP_MAX_FIELD_BYTES)
            r->defect = SP_ROW_OVERSIZED_FIELD;
        else if (r->seen_nul && memchr(data, '\0', len))
            r->defect = SP_ROW_NUL_BYTES;
    }
    if (!r->row_open)
        return;
    if (r->field < r->n_cols) {
        size_t v = r->field_var[r->field];
        if (v != SP_NO_VARIABLE && r->defect == SP_ROW_OK)
            store_cell(r, v, data, len);
        store_metadata(r, data, len);
    } else {
        size_t n = len;
        ingest_trim(data, &n);
        if (n)
            r->extra_nonempty = 1;
    }
    r->field++;
}

/* Replays a held record's fields as data. */
static void replay_fields(reader *r, const ingest_record *rec)
{
    for (size_t f = 0; f < rec->n_fields; f++)
        data_field(r, rec->fields[f], rec->lengths[f]);
}

static void data_record_end(reader *r)
{
    if (r->sample && r->field > 0)
        r->sample->rows++;
    if (!r->row_open)
        return;
    r->row_open = 0;
    sp_dataset *ds = r->ds;
    if (r->defect == SP_ROW_OK &&
        (r->field < r->n_needed || r->extra_nonempty))
        r->defect = SP_ROW_RAGGED;
    if (isnan(sp_seconds_at(&ds->duration, ds->n_rows)) &&
        r->start_field >= 0 && r->row_end >= r->row_start)
        set_seconds(r, &ds->duration, r->row_end - r->row_start);
    if (r->defect != SP_ROW_OK) {
        ds->defect[ds->n_rows] = (uint8_t)r->defect;
        warn_defect(r, r->defect);
    }
    if (dataset_end_row(ds) != SP_OK)
        r->err = SP_ERR_NOMEM;
}

/* ---- the header ---- */

/* Column f names variable v: by id, question text or the header as
 * exported. */
static int column_matches(const ingest_column *c, const char *name)
{
    return (c->id && strcmp(c->id, name) == 0) ||
           (c->text && strcmp(c->text, name) == 0) ||
           (c->raw && strcmp(c->raw, name) == 0);
}

/* Keeps the column name closest to an absent variable's, for a "did you
 * mean" once all files are read. */
static void remember_hint(reader *r, sp_source *src, size_t v)
{
    const char **names = malloc((r->n_cols ? r->n_cols : 1) * sizeof(char *));
    if (!names)
        return;
    for (size_t f = 0; f < r->n_cols; f++)
        names[f] = r->cols[f].id ? r->cols[f].id : "";
    const char *hint = sp_closest_name(r->spec->variables[v].name, names,
                                       r->n_cols);
    if (hint && !src->hints)
        src->hints = calloc(r->spec->n_variables, sizeof(char *));
    if (hint && src->hints)
        src->hints[v] = sp_strdup(hint);
    free(names);
}

static void map_variable(reader *r, size_t v)
{
    const sp_variable *var = &r->spec->variables[v];
    size_t found = SP_NO_VARIABLE, by_id = SP_NO_VARIABLE;
    size_t matches = 0, id_matches = 0;
    for (size_t f = 0; f < r->n_cols; f++) {
        if (!column_matches(&r->cols[f], var->name))
            continue;
        matches++;
        found = f;
        if (r->cols[f].id && strcmp(r->cols[f].id, var->name) == 0) {
            id_matches++;
            by_id = f;
        }
    }
    /* A column id wins over question text; two columns with the same id,
     * or the same text and no id, are ambiguous. */
    if (id_matches == 1)
        found = by_id;
    else if (matches > 1) {
        sp_diag_add(r->diag, SP_ERROR, r->name, r->head[0].line, 0,
                    "%s matches %zu columns of the header; rename one in "
                    "the export, or name the column by its id (spec line "
                    "%ld)", var->context, matches, var->line);
        r->err = SP_ERR_INPUT;
        r->skip_rows = 1;
        return;
    }
    if (found == SP_NO_VARIABLE) {
        sp_source *src = &r->ds->sources[r->source];
        src->absent[v] = 1;
        remember_hint(r, src, v);
        if (var->required) {
            sp_diag_add(r->diag, SP_ERROR, r->name, r->head[0].line, 0,
                        "the file lacks column %s, which the spec marks "
                        "required (%s, line %ld)",
                        var->name, r->spec->path, var->line);
            r->err = SP_ERR_INPUT;
            r->skip_rows = 1;
        }
        return;
    }
    r->field_var[found] = v;
    if (!r->ds->labels[v] && r->cols[found].text &&
        !(r->ds->labels[v] = sp_strdup(r->cols[found].text)))
        r->err = SP_ERR_NOMEM;
}

static void finish_header(reader *r)
{
    r->in_header = 0;
    if (r->n_head == 0)
        return;
    r->layout = r->settings->layout
                    ? r->settings->layout
                    : ingest_layout_detect(r->head, r->n_head);
    size_t n_header = r->layout->header_rows(r->head, r->n_head);
    if (n_header > r->n_head)
        n_header = r->n_head;
    r->ds->sources[r->source].layout = r->layout->name;
    r->n_cols = r->head[0].n_fields;
    r->cols = calloc(r->n_cols ? r->n_cols : 1, sizeof(ingest_column));
    r->field_var = malloc((r->n_cols ? r->n_cols : 1) * sizeof(size_t));
    if (!r->cols || !r->field_var ||
        ingest_layout_columns(r->layout, r->head, n_header, r->cols)) {
        r->err = SP_ERR_NOMEM;
        return;
    }
    for (size_t f = 0; f < r->n_cols; f++) {
        r->field_var[f] = SP_NO_VARIABLE;
        if (r->cols[f].id && *r->cols[f].id)
            r->n_needed = f + 1;   /* a trailing unnamed column may be absent */
    }
    for (size_t v = 0; v < r->spec->n_variables && r->err != SP_ERR_NOMEM; v++)
        map_variable(r, v);
    r->dur_field = r->start_field = -1;
    if (r->spec->duration == SP_NO_VARIABLE) {
        r->dur_field = ingest_find_column(r->cols, r->n_cols,
                                          r->layout->duration_columns);
        if (r->dur_field < 0)
            r->start_field = ingest_find_column(r->cols, r->n_cols,
                                                r->layout->start_columns);
    }
    r->end_field = ingest_find_column(r->cols, r->n_cols,
                                      r->layout->end_columns);
    r->finished_field = ingest_find_column(r->cols, r->n_cols,
                                           r->layout->finished_columns);
    r->status_field = ingest_find_column(r->cols, r->n_cols,
                                         r->layout->status_columns);
    r->submitted_field = ingest_find_column(r->cols, r->n_cols,
                                            r->layout->submitted_columns);
    if (r->sample) {   /* the sample takes the columns over */
        sp_error err = sample_header(r->sample, r->cols, r->n_cols,
                                     r->layout->name,
                                     ingest_encoding_name(r->encoding));
        r->cols = NULL;
        if (err)
            r->err = err;
    }
    /* Records read ahead beyond the header rows are data. */
    for (size_t k = n_header; k < r->n_head && r->err != SP_ERR_NOMEM; k++) {
        r->record_line = r->head[k].line;
        r->field = 0;
        replay_fields(r, &r->head[k]);
        data_record_end(r);
    }
    r->field = 0;
}

/* ---- libcsv callbacks and feeding ---- */

static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    if (r->err == SP_ERR_NOMEM)
        return;
    if (r->field == 0)
        r->record_line = r->line - count_breaks(data, len);
    if (r->in_header) {
        ingest_record *rec = &r->head[r->n_head];
        if (r->field == 0)
            rec->line = r->record_line;
        if (record_append(rec, data, len) != SP_OK)
            r->err = SP_ERR_NOMEM;
        r->field++;
        return;
    }
    data_field(r, data, len);
}

static void on_record(int terminator, void *ctx)
{
    (void)terminator;
    reader *r = ctx;
    r->last_record_end = r->line;
    if (r->err == SP_ERR_NOMEM)
        return;
    if (r->in_header) {
        r->n_head++;
        r->field = 0;
        if (r->n_head == INGEST_MAX_HEADER_ROWS)
            finish_header(r);
        return;
    }
    data_record_end(r);
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
            r->at_line_start = 1;
        } else if (seg) {
            r->prev_cr = 0;
            r->at_line_start = 0;
        }
        start = i + 1;
    }
    return SP_OK;
}

/* The delimiter of the header line: the most frequent of , ; and tab
 * outside quotes (Excel writes ; in many European locales, tab in
 * "Unicode text"); comma on a tie. */
static char sniff_delimiter(const char *text, size_t len)
{
    size_t comma = 0, semicolon = 0, tab = 0;
    int quoted = 0;
    for (size_t i = 0; i < len && (quoted || (text[i] != '\n' &&
                                              text[i] != '\r')); i++) {
        if (text[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            comma += text[i] == ',', semicolon += text[i] == ';',
                tab += text[i] == '\t';
    }
    if (semicolon > comma && semicolon >= tab)
        return ';';
    if (tab > comma && tab > semicolon)
        return '\t';
    return ',';
}

/* A quoted field left open at the end swallows the rest of the file into
 * one record: keep it as one broken response, excluded, and say which
 * lines it covers. */
static void cut_off(reader *r)
{
    long from = r->last_record_end + 1;
    if (r->in_header) {
        if (r->n_head == 0) {
            sp_diag_add(r->diag, SP_ERROR, r->name, from, 0,
                        "a quoted field in the header is never closed; the "
                        "file is cut off or has a stray quote: export it "
                        "again");
            r->err = SP_ERR_INPUT;
            return;
        }
        /* The records held so far make the header; the one cut off is
         * data, whose fields read so far are held too. */
        finish_header(r);
        r->record_line = from;
        replay_fields(r, &r->head[r->n_head]);
    }
    if (!r->row_open && !r->skip_rows && r->err != SP_ERR_NOMEM) {
        r->record_line = from;
        r->field = 0;
        data_field(r, "", 0);
    }
    if (!r->row_open)
        return;
    r->row_open = 0;
    r->defect = SP_ROW_CUT_OFF;
    r->ds->defect[r->ds->n_rows] = SP_ROW_CUT_OFF;
    if (dataset_end_row(r->ds) != SP_OK)
        r->err = SP_ERR_NOMEM;
    r->field = 0;
    long last = r->at_line_start ? r->line - 1 : r->line;
    sp_diag_add(r->diag, SP_WARNING, r->name, from, 0,
                "a quoted field opened on or after this line is never "
                "closed, so lines %ld-%ld are one broken response, excluded "
                "(cut_off); the file is cut off or has a stray quote",
                from, last > from ? last : from);
}

static void split_start(reader *r);
static int split_join(reader *r);

/* Reads the input from fp (or data when fp is NULL) into r->ds: from the
 * start, or for a second half from where fp stands, with the first half's
 * encoding and delimiter. */
static sp_error read_input(reader *r, FILE *fp, const char *data, size_t len)
{
    struct csv_parser parser;
    if (csv_init(&parser, CSV_APPEND_NULL) != 0)
        return SP_ERR_NOMEM;
    /* libcsv grows a field's buffer by this much at a time (128 bytes by
     * default): a large block keeps a multi-megabyte field linear. */
    csv_set_blk_size(&parser, 256 * 1024);
    ingest_decoder dec = {.cd = (iconv_t)-1};
    ingest_buf text = {0};
    char *chunk = fp ? malloc(READ_CHUNK) : NULL;
    sp_error err = fp && !chunk ? SP_ERR_NOMEM : SP_OK;
    int from_start = r->in_header;
    for (int first = 1; !err; first = 0) {
        const char *raw = data;
        size_t n = len;
        int eof = 1;
        if (fp) {
            size_t want = READ_CHUNK;
            if (r->stop_at && (off_t)want > r->stop_at - r->consumed)
                want = (size_t)(r->stop_at - r->consumed);
            n = fread(chunk, 1, want, fp);
            r->consumed += (off_t)n;
            raw = chunk;
            if (ferror(fp)) {
                sp_diag_add(r->diag, SP_ERROR, r->name, r->line, 0,
                            "read error: %s", strerror(errno));
                err = SP_ERR_IO;
                break;
            }
            eof = feof(fp);
        }
        if (first && from_start) {
            size_t bom = 0;
            ingest_encoding detected = ingest_encoding_detect(raw, n, eof, &bom);
            r->encoding = r->settings->encoding ? r->settings->encoding
                                                : detected;
            if (r->encoding != detected)
                bom = 0;
            raw += bom;
            n -= bom;
            r->ds->sources[r->source].encoding = ingest_encoding_name(r->encoding);
        }
        if (first && (err = ingest_decoder_open(&dec, r->encoding)) != SP_OK)
            break;
        if ((err = ingest_decoder_run(&dec, raw, n, eof, &text)) != SP_OK)
            break;
        if (first) {
            char delim = from_start ? sniff_delimiter(text.data ? text.data
                                                                : "",
                                                      text.len)
                                    : r->delimiter;
            csv_set_delim(&parser, (unsigned char)delim);
            r->ds->sources[r->source].delimiter = delim;
        }
        if (text.len && !r->seen_nul)
            r->seen_nul = memchr(text.data, '\0', text.len) != NULL;
        if (text.len >= 3 && !r->seen_replacement)
            r->seen_replacement =
                ingest_has_replacement(text.data, text.len);
        if ((err = feed(r, &parser, text.data, text.len)) != SP_OK || eof)
            break;
        if (r->stop && atomic_load(r->stop))
            break;   /* a second half no longer wanted */
        if (r->split && !r->split->tried && !r->in_header)
            split_start(r);
        if (r->stop_at && r->consumed >= r->stop_at) {
            if ((r->tail_read = split_join(r)) != 0)
                break;
            r->stop_at = 0;   /* read on alone */
        }
    }
    if (!err && !r->tail_read) {
        /* libcsv reports a quoted field left open at the end only in
         * strict mode; strict mode while parsing would reject stray quotes
         * inside unquoted text (12" screen), so it is on for csv_fini only,
         * where this is the one check it changes. */
        csv_set_opts(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
        if (csv_fini(&parser, on_field, on_record, r) != 0)
            cut_off(r);
        if (r->in_header && r->err != SP_ERR_NOMEM)
            finish_header(r);
    }
    r->invalid_bytes += dec.invalid;
    ingest_decoder_close(&dec);
    csv_free(&parser);
    free(text.data);
    free(chunk);
    return err;
}

/* ---- reading a large file in two halves at once ---- */

/* The cut of fp's file, when it is large enough to be read in halves.
 * Allocates; free with split_free. */
static split *split_new(FILE *fp, const ingest_settings *settings)
{
    struct stat st;
    if (settings->threads < 2 || fstat(fileno(fp), &st) != 0 ||
        !S_ISREG(st.st_mode) || st.st_size < settings->split_min ||
        st.st_size < 2)
        return NULL;
    /* The first block, which the encoding is detected from, must be the
     * same as when reading in turn: the cut comes after it. */
    split *s = calloc(1, sizeof *s);
    if (s && (!ingest_find_cut(fileno(fp), st.st_size, &s->cut) ||
              s->cut.offset < READ_CHUNK)) {
        free(s);
        s = NULL;
    }
    return s;
}

static void half_free(reader *h)
{
    sp_dataset_free(h->ds);
    sp_diag_free(h->diag);
    free(h->warned);
    free(h->kinds);
    h->ds = NULL;
    h->diag = NULL;
    h->warned = NULL;
    h->kinds = NULL;
}

static void *read_half(void *arg)
{
    split *s = arg;
    reader *h = &s->half;
    FILE *fp = fopen(h->name, "rb");
    s->err = SP_ERR_IO;   /* the first half then reads on alone */
    if (fp && fseeko(fp, s->cut.offset, SEEK_SET) == 0)
        s->err = read_input(h, fp, NULL, 0);
    if (fp)
        fclose(fp);
    if (h->row_open)
        dataset_discard_row(h->ds);
    return NULL;
}

/* Once the header is read: starts the second half's reader, with the
 * first's columns, on a thread of its own. Reads alone (no second half)
 * when anything is amiss. */
static void split_start(reader *r)
{
    split *s = r->split;
    s->tried = 1;
    if (r->err || r->skip_rows || r->consumed > s->cut.offset ||
        (r->encoding != ENC_UTF8 && r->encoding != ENC_GB18030))
        return;   /* in UTF-16 a "\n" byte may be half a character */
    /* What the halves share: the header's reading of the columns (read
     * only, owned by the first half); the rest starts afresh. */
    reader *h = &s->half;
    *h = (reader){.spec = r->spec, .name = r->name, .settings = r->settings,
                  .encoding = r->encoding, .layout = r->layout,
                  .n_cols = r->n_cols, .n_needed = r->n_needed,
                  .field_var = r->field_var, .dur_field = r->dur_field,
                  .start_field = r->start_field, .end_field = r->end_field,
                  .finished_field = r->finished_field,
                  .status_field = r->status_field,
                  .submitted_field = r->submitted_field,
                  .delimiter = r->ds->sources[r->source].delimiter,
                  .line = s->cut.lines_before + 1,
                  .last_record_end = s->cut.lines_before,
                  .at_line_start = 1, .stop = &s->stop};
    h->ds = sp_dataset_new(r->spec);
    h->diag = sp_diag_new();
    h->warned = calloc(r->spec->n_variables ? r->spec->n_variables : 1,
                       sizeof(size_t));
    if (!h->ds || !h->diag || !h->warned ||
        dataset_add_source(h->ds, r->name, &h->source) != SP_OK ||
        pthread_create(&s->tid, NULL, read_half, s) != 0) {
        half_free(h);
        return;
    }
    s->running = 1;
}

/* The second half's messages that reading in turn would have given: its
 * limited warnings of a kind only while the first half gave fewer than
 * WARN_LIMIT of that kind. */
static void keep_messages(const reader *r, const reader *h)
{
    if (!h->diag || !h->diag->count)
        return;
    unsigned char *keep = malloc(h->diag->count);
    size_t n_kinds = r->spec->n_variables + SP_ROW_OVERSIZED_FIELD + 1;
    size_t *given = calloc(n_kinds, sizeof *given);
    if (keep && given) {
        for (size_t v = 0; v < r->spec->n_variables; v++)
            given[v] = r->warned[v];
        for (size_t d = 0; d <= SP_ROW_OVERSIZED_FIELD; d++)
            given[r->spec->n_variables + d] = r->defects[d];
        memset(keep, 1, h->diag->count);
        for (size_t i = 0; i < h->n_kinds; i++)
            keep[h->kinds[i].entry] = given[h->kinds[i].kind]++ < WARN_LIMIT;
        sp_diag_filter(h->diag, keep);
    }
    free(keep);
    free(given);
}

/* At the cut. When a record ended exactly there, the second half read
 * the rest as reading in turn would have: takes its rows, messages and
 * counts and returns 1. Otherwise (a quote the cut missed, or the second
 * half failed) stops it, drops what it read and returns 0, and the first
 * half reads on alone. */
static int split_join(reader *r)
{
    split *s = r->split;
    if (!s || !s->running)
        return 0;
    reader *h = &s->half;
    int clean = !r->in_header && !r->row_open && r->field == 0 &&
                r->last_record_end == r->line - 1;
    if (!clean)
        atomic_store(&s->stop, 1);
    pthread_join(s->tid, NULL);
    s->running = 0;
    int take = clean && s->err == SP_OK && h->err == SP_OK;
    sp_error err = take ? dataset_append_part(r->ds, h->ds, r->source)
                        : SP_OK;
    if (err == SP_ERR_NOMEM)
        r->err = SP_ERR_NOMEM;   /* ends the read */
    take = take && !err;   /* too much text: read on alone, to say where */
    if (take) {
        keep_messages(r, h);
        sp_diag_append(r->diag, h->diag);
        for (size_t v = 0; v < r->spec->n_variables; v++)
            r->warned[v] += h->warned[v];
        for (size_t d = 0; d <= SP_ROW_OVERSIZED_FIELD; d++)
            r->defects[d] += h->defects[d];
        r->invalid_bytes += h->invalid_bytes;
        r->ds->sources[r->source].halves = 2;
    }
    half_free(h);
    return take || r->err == SP_ERR_NOMEM;
}

static void split_free(reader *r)
{
    split *s = r->split;
    if (!s)
        return;
    if (s->running) {   /* the first half ended before the cut */
        atomic_store(&s->stop, 1);
        pthread_join(s->tid, NULL);
        half_free(&s->half);
    }
    free(s);
    r->split = NULL;
}

/* Reads one export into ds; fp or (data, len) is the input. */
sp_error ingest_read(sp_dataset *ds, const char *name, FILE *fp,
                     const char *data, size_t len,
                     const ingest_settings *settings, ingest_sample *sample,
                     sp_diag *diag)
{
    reader r = {.ds = ds, .spec = ds->spec, .diag = diag, .name = name,
                .settings = settings, .sample = sample, .line = 1,
                .in_header = 1};
    sp_error err = dataset_add_source(ds, name, &r.source);
    if (err)
        return err;
    r.warned = calloc(ds->spec->n_variables ? ds->spec->n_variables : 1,
                      sizeof(size_t));
    if (!r.warned)
        return SP_ERR_NOMEM;
    size_t rows_before = ds->n_rows;
    if (fp && !sample && (r.split = split_new(fp, settings)) != NULL)
        r.stop_at = r.split->cut.offset;
    err = read_input(&r, fp, data, len);
    split_free(&r);
    if (r.row_open)
        dataset_discard_row(ds);   /* a record begun but never ended */
    if (err == SP_OK && r.invalid_bytes)
        sp_diag_add(diag, SP_WARNING, name, 0, 0,
                    "%zu byte sequences are not valid %s; cells holding "
                    "them count as no answer (set 'encoding:' in the spec "
                    "if the file is in another encoding)",
                    r.invalid_bytes, ingest_encoding_name(r.encoding));
    if (err == SP_OK)
        err = r.err;
    if (err == SP_OK && r.n_head == 0) {
        sp_diag_add(diag, SP_ERROR, name, 0, 0,
                    "the file is empty (no header row); export it again or "
                    "remove it from the inputs");
        err = SP_ERR_INPUT;
    }
    if (err == SP_OK && ds->n_rows == rows_before && !sample)
        sp_diag_add(diag, SP_WARNING, name, 0, 0,
                    "the file has a header but no responses");
    for (size_t v = 0; v < ds->spec->n_variables; v++)
        if (r.warned[v] > WARN_LIMIT)
            sp_diag_add(diag, SP_WARNING, name, 0, 0,
                        "column %s: %zu more invalid values treated as no "
                        "answer", ds->spec->variables[v].name,
                        r.warned[v] - WARN_LIMIT);
    for (size_t d = 0; d <= SP_ROW_OVERSIZED_FIELD; d++)
        if (r.defects[d] > WARN_LIMIT)
            sp_diag_add(diag, SP_WARNING, name, 0, 0,
                        "%zu more rows excluded for the same reason",
                        r.defects[d] - WARN_LIMIT);
    free(r.warned);
    free(r.field_var);
    ingest_columns_free(r.cols, r.n_cols);
    for (size_t k = 0; k < INGEST_MAX_HEADER_ROWS; k++)
        record_free(&r.head[k]);
    return err;
}
