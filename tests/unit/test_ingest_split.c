/* test_ingest_split.c - a large file read in two halves at once must give
 * what reading it in turn gives: the same rows, cells, line numbers,
 * counts and messages, in the same order. The oracle is the reader run
 * on one thread; each file below also asserts, by hand, where it puts its
 * problems (so that the two halves both have some) and whether it was
 * read in halves. */
#include "test_util.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest_internal.h"
#include "ingest/reader.h"
#include "satpipe/ingest.h"

static const char spec_text[] =
    "scale: [1, 5]\n"
    "missing: [0, 99]\n"
    "id: rid\n"
    "overall: sat\n"
    "comment: note\n"
    "dimensions:\n"
    "  - key: d\n"
    "    items: [Q1, Q2]\n";

#define ROWS 6000

/* How a test file goes wrong, and where. */
typedef struct shape {
    const char *eol;          /* "\n" or "\r\n" */
    int multiline_notes;      /* every 3rd note spans two lines */
    int stray_quote_row;      /* a 12" in an unquoted note, or -1 */
    int open_quote_at_end;    /* the last row's note is never closed */
    int gb18030;              /* notes in GB18030 */
} shape;

/* Rows 700, 2200, 3700 and 5200 are ragged: two in each half (the cut is
 * near row 3000 of 6000). */
static int ragged(int i)
{
    return i == 700 || i == 2200 || i == 3700 || i == 5200;
}

/* Writes the test file (about 300 KB: the cut must come after the first
 * 64 KB block); rows 10, 20, ... hold an invalid Q1 ("x"), four rows are
 * ragged, row 4500 holds a NUL byte and rows 2500 and 5500 a byte that
 * is not UTF-8 (after the first block, which says UTF-8): problems in
 * both halves. */
static char *write_file(const shape *sh, size_t *size)
{
    char path[] = "/tmp/satpipe_split_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "wb");
    fprintf(fp, "rid,Q1,Q2,sat,note%s", sh->eol);
    for (int i = 1; i <= ROWS; i++) {
        fprintf(fp, "R%d,%s,%d,%d,", i, i % 10 == 0 ? "x" : "4", 1 + i % 5,
                1 + i % 3);
        if (sh->open_quote_at_end && i == ROWS)
            fputs("\"never closed", fp);
        else if (i == sh->stray_quote_row)
            fputs("a 12\" screen", fp);
        else if (sh->multiline_notes && i % 3 == 0)
            fprintf(fp, "\"first line%ssecond, \"\"quoted\"\"\"", sh->eol);
        else if (sh->gb18030)
            fputs("\xce\xde\xb7\xa8\xb5\xc7\xc2\xbc \xce\xde\xb7\xa8\xb5\xc7\xc2\xbc "
                  "\xce\xde\xb7\xa8\xb5\xc7\xc2\xbc", fp);   /* 无法登录 x 3 */
        else if (i == 4500)
            fwrite("nul\0byte", 1, 8, fp);
        else if (i == 2500 || i == 5500)
            fputs("bad \xff byte", fp);
        else
            fputs("fine and nothing more to add about it", fp);
        if (ragged(i))
            fputs(",extra", fp);
        if (!(sh->open_quote_at_end && i == ROWS))
            fputs(sh->eol, fp);
    }
    *size = (size_t)ftell(fp);
    fclose(fp);
    return strdup(path);
}

typedef struct read_result {
    sp_dataset *ds;
    sp_diag *diag;
    sp_error err;
    sp_spec *spec;   /* owned by the one-thread result */
} read_result;

static read_result read_with(const sp_spec *spec, const char *path,
                             int threads)
{
    ingest_settings settings = {.threads = threads, .split_min = 1};
    read_result res = {sp_dataset_new(spec), sp_diag_new(), SP_OK, NULL};
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    res.err = ingest_read(res.ds, path, fp, NULL, 0, &settings, NULL,
                          res.diag);
    fclose(fp);
    return res;
}

static void assert_same(const read_result *a, const read_result *b)
{
    assert_int_equal(a->err, b->err);
    const sp_dataset *x = a->ds, *y = b->ds;
    assert_int_equal(x->n_rows, y->n_rows);
    assert_int_equal(x->n_sources, y->n_sources);
    assert_int_equal(x->sources[0].rows, y->sources[0].rows);
    assert_int_equal(x->sources[0].invalid, y->sources[0].invalid);
    assert_string_equal(x->sources[0].encoding, y->sources[0].encoding);
    assert_int_equal(x->sources[0].delimiter, y->sources[0].delimiter);
    sp_text_buf bx = {0}, by = {0};
    for (size_t r = 0; r < x->n_rows; r++) {
        assert_int_equal(sp_dataset_source(x, r), sp_dataset_source(y, r));
        assert_int_equal(sp_dataset_line(x, r), sp_dataset_line(y, r));
        assert_int_equal(x->invalid[r], y->invalid[r]);
        assert_int_equal(x->defect[r], y->defect[r]);
        for (size_t v = 0; v < x->spec->n_variables; v++) {
            const sp_column *cx = &x->columns[v];
            if (x->spec->variables[v].kind == SP_VALUE_TEXT) {
                const char *tx, *ty;
                assert_int_equal(sp_dataset_text_read(x, v, r, &bx, &tx),
                                 SP_OK);
                assert_int_equal(sp_dataset_text_read(y, v, r, &by, &ty),
                                 SP_OK);
                assert_true((tx == NULL) == (ty == NULL));
                if (tx)
                    assert_string_equal(tx, ty);
            } else if (!cx->numbers) {
                assert_int_equal(sp_dataset_code(x, v, r),
                                 sp_dataset_code(y, v, r));
            }
        }
    }
    free(bx.data);
    free(by.data);
    assert_int_equal(a->diag->count, b->diag->count);
    assert_int_equal(a->diag->errors, b->diag->errors);
    assert_int_equal(a->diag->warnings, b->diag->warnings);
    for (size_t i = 0; i < a->diag->count; i++) {
        const sp_diag_entry *e = &a->diag->entries[i], *f = &b->diag->entries[i];
        assert_int_equal(e->severity, f->severity);
        assert_int_equal(e->line, f->line);
        assert_int_equal(e->column, f->column);
        assert_string_equal(e->message, f->message);
    }
}

static void result_free(read_result *r)
{
    sp_dataset_free(r->ds);
    sp_diag_free(r->diag);
    sp_spec_free(r->spec);
}

/* The text of column `name` at row. */
static const char *text_at(const sp_dataset *ds, const char *name, size_t row)
{
    for (size_t v = 0; v < ds->spec->n_variables; v++)
        if (strcmp(ds->spec->variables[v].name, name) == 0)
            return sp_dataset_text(ds, v, row);
    fail_msg("no variable %s", name);
    return NULL;
}

static size_t count_messages(const sp_diag *diag, const char *words)
{
    size_t n = 0;
    for (size_t i = 0; i < diag->count; i++)
        n += strstr(diag->entries[i].message, words) != NULL;
    return n;
}

/* Reads the file of shape sh both ways, asserts they agree and that it
 * was read in `halves`; returns the one-thread result for more checks. */
static read_result check_shape(const shape *sh, int halves)
{
    sp_diag *d = sp_diag_new();
    sp_spec *spec;
    assert_int_equal(sp_spec_load_buffer("s.yaml", spec_text,
                                         strlen(spec_text), &spec, d),
                     SP_OK);
    size_t size;
    char *path = write_file(sh, &size);
    read_result one = read_with(spec, path, 1);
    read_result two = read_with(spec, path, 2);
    assert_int_equal(one.ds->sources[0].halves, 1);
    assert_int_equal(two.ds->sources[0].halves, halves);
    assert_same(&one, &two);
    result_free(&two);
    unlink(path);
    free(path);
    sp_diag_free(d);
    one.spec = spec;
    return one;
}

/* 6000 rows: invalid Q1 on 600 rows (3 shown, "597 more"); ragged rows
 * 700, 2200 and 3700 shown, 5200 summed up ("1 more"): the first half
 * gave two, so the second half's first is kept and its second dropped. */
static void problems_in_both_halves(void **state)
{
    (void)state;
    shape sh = {.eol = "\n", .stray_quote_row = -1};
    read_result one = check_shape(&sh, 2);
    assert_int_equal(one.ds->n_rows, ROWS);
    /* row i is on line i + 1; its Q1 is field 2, its note field 5 */
    assert_diag(one.diag, SP_WARNING, 11, 2, "column Q1: 'x'");
    assert_diag(one.diag, SP_WARNING, 31, 2, "column Q1: 'x'");
    assert_diag(one.diag, SP_WARNING, 0, 0, "column Q1: 597 more invalid");
    assert_int_equal(count_messages(one.diag, "column Q1: 'x'"), 3);
    assert_diag(one.diag, SP_WARNING, 3701, 0, "has 6 fields but the header");
    assert_int_equal(count_messages(one.diag, "fields but the header"), 3);
    assert_diag(one.diag, SP_WARNING, 0, 0, "1 more rows excluded");
    assert_diag(one.diag, SP_WARNING, 4501, 0, "NUL bytes");
    assert_diag(one.diag, SP_WARNING, 2501, 5, "column note: bytes that are");
    assert_diag(one.diag, SP_WARNING, 5501, 5, "column note: bytes that are");
    assert_diag(one.diag, SP_WARNING, 0, 0,
                "2 byte sequences are not valid UTF-8");
    result_free(&one);
}

static void crlf_line_ends(void **state)
{
    (void)state;
    shape sh = {.eol = "\r\n", .stray_quote_row = -1};
    read_result one = check_shape(&sh, 2);
    assert_diag(one.diag, SP_WARNING, 3701, 0, "has 6 fields but the header");
    result_free(&one);
}

/* Every third note spans two lines: row i starts on line
 * 1 + i + floor((i - 1) / 3) ... checked through one row: row 10 (the
 * 4th row after rows 3, 6, 9 took an extra line each) is on line 14. */
static void quoted_line_breaks(void **state)
{
    (void)state;
    shape sh = {.eol = "\n", .multiline_notes = 1, .stray_quote_row = -1};
    read_result one = check_shape(&sh, 2);
    assert_int_equal(one.ds->n_rows, ROWS);
    assert_int_equal(sp_dataset_line(one.ds, 9), 14);
    assert_string_equal(text_at(one.ds, "note", 2),
                        "first line\nsecond, \"quoted\"");
    result_free(&one);
}

/* A stray quote on row 2 makes the quote count odd, so the cut lands
 * inside a quoted note: the first half finds no record ending there and
 * reads on alone. */
static void a_stray_quote_falls_back_to_one_reader(void **state)
{
    (void)state;
    shape sh = {.eol = "\n", .multiline_notes = 1, .stray_quote_row = 2};
    read_result one = check_shape(&sh, 1);
    assert_int_equal(one.ds->n_rows, ROWS);
    result_free(&one);
}

static void quote_open_at_the_end(void **state)
{
    (void)state;
    shape sh = {.eol = "\n", .open_quote_at_end = 1, .stray_quote_row = -1};
    read_result one = check_shape(&sh, 2);
    assert_diag(one.diag, SP_WARNING, 6001, 0, "is never closed");
    result_free(&one);
}

static void gb18030_notes(void **state)
{
    (void)state;
    shape sh = {.eol = "\n", .gb18030 = 1, .stray_quote_row = -1};
    read_result one = check_shape(&sh, 2);
    assert_string_equal(one.ds->sources[0].encoding, "GB18030");
    assert_string_equal(text_at(one.ds, "note", 0), "无法登录 无法登录 无法登录");
    result_free(&one);
}

/* The cut: just after a "\n" outside quotes, past the middle, with the
 * lines before it counted as the reader counts them. */
static void cut_is_a_line_end_outside_quotes(void **state)
{
    (void)state;
    const char text[] = "h\n\"a\nb\"\r\nc\rd\n\"e\nf\"\ng\n";
    char path[] = "/tmp/satpipe_cut_XXXXXX", path2[] = "/tmp/satpipe_cut_XXXXXX";
    int fd = mkstemp(path);
    assert_true(write(fd, text, sizeof text - 1) == (ssize_t)sizeof text - 1);
    ingest_cut cut;
    /* middle = 11 (the "d"); the "\n" after "d" (offset 12) has an even
     * count of quotes before it. Lines ended before 13: "h\n", the quoted
     * "\n", "\r\n", "\r" and "d\n" = 5. */
    assert_true(ingest_find_cut(fd, sizeof text - 1, &cut));
    assert_int_equal(cut.offset, 13);
    assert_int_equal(cut.lines_before, 5);
    close(fd);
    unlink(path);
    /* The scan reads up to the middle (8) first: here a "\r\n" straddles
     * it, and still ends one line. The cut is after that "\n" (9), with
     * 2 lines before it. */
    const char crlf[] = "abc\r\nde\r\nfg\r\nhi\r\n";
    fd = mkstemp(path2);
    assert_true(write(fd, crlf, sizeof crlf - 1) == (ssize_t)sizeof crlf - 1);
    assert_true(ingest_find_cut(fd, sizeof crlf - 1, &cut));
    assert_int_equal(cut.offset, 9);
    assert_int_equal(cut.lines_before, 2);
    close(fd);
    unlink(path2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(problems_in_both_halves),
        cmocka_unit_test(crlf_line_ends),
        cmocka_unit_test(quoted_line_breaks),
        cmocka_unit_test(a_stray_quote_falls_back_to_one_reader),
        cmocka_unit_test(quote_open_at_the_end),
        cmocka_unit_test(gb18030_notes),
        cmocka_unit_test(cut_is_a_line_end_outside_quotes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
