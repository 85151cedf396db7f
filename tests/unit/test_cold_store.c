/* test_cold_store.c - the comment and contact columns' text kept in a
 * temporary file: every value reads back as written, from the block being
 * filled and from blocks already written, in one file and in files
 * joined in every combination of levels and cold; a temporary folder that
 * cannot be written is an error that says so. The expected texts are the
 * generated CSV's own (note<k> with k's digits repeated, mail<k>). */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest_internal.h"
#include "satpipe/ingest.h"

static const char spec_text[] = "scale: [1, 5]\n"
                                "id: rid\n"
                                "comment: note\n"
                                "contact: mail\n"
                                "dimensions:\n"
                                "  - {key: d, items: [Q1, Q2]}\n";

enum { V_RID, V_NOTE, V_MAIL };

/* Row k's note: "note<k>" then 40 more characters, so that 30,000 rows
 * fill more than one 1 MiB block; rows k % 7 == 3 have none. */
static void note_of(int k, char *out, size_t size)
{
    if (k % 7 == 3) {
        out[0] = '\0';
        return;
    }
    snprintf(out, size, "note%d-%040d", k, k);
}

/* Rows [from, to) of a CSV, with `distinct` distinct notes (all when 0:
 * note k; else note k % distinct). Caller frees. */
static char *make_csv(int from, int to, int distinct)
{
    size_t cap = 64 + (size_t)(to - from) * 120, used = 0;
    char *csv = malloc(cap);
    used += (size_t)snprintf(csv, cap, "rid,note,mail,Q1,Q2\n");
    for (int k = from; k < to; k++) {
        char note[80];
        note_of(distinct ? k % distinct : k, note, sizeof note);
        used += (size_t)snprintf(csv + used, cap - used,
                                 "R%d,%s,mail%d@example.com,%d,%d\n", k, note,
                                 k, 1 + k % 5, 1 + k / 5 % 5);
    }
    return csv;
}

static sp_spec *load_spec(sp_diag *diag)
{
    sp_spec *spec = NULL;
    assert_int_equal(sp_spec_load_buffer("s.yaml", spec_text,
                                         strlen(spec_text), &spec, diag),
                     SP_OK);
    return spec;
}

static sp_dataset *read_csv(sp_spec *spec, const char *csv, sp_diag *diag)
{
    sp_dataset *ds = sp_dataset_new(spec);
    assert_int_equal(sp_ingest_buffer(ds, "c.csv", csv, strlen(csv), diag),
                     SP_OK);
    return ds;
}

/* Rows base.. of ds hold rows [from, to) of make_csv(from, to, distinct). */
static void assert_rows(const sp_dataset *ds, size_t base, int from, int to,
                        int distinct)
{
    sp_text_buf buf = {0};
    for (int k = from; k < to; k++) {
        size_t row = base + (size_t)(k - from);
        char note[80], mail[40];
        note_of(distinct ? k % distinct : k, note, sizeof note);
        snprintf(mail, sizeof mail, "mail%d@example.com", k);
        const char *text;
        assert_int_equal(sp_dataset_text_read(ds, V_NOTE, row, &buf, &text),
                         SP_OK);
        if (note[0])
            assert_string_equal(text, note);
        else
            assert_null(text);
        assert_int_equal(sp_dataset_text_read(ds, V_MAIL, row, &buf, &text),
                         SP_OK);
        assert_string_equal(text, mail);
    }
    free(buf.data);
}

/* 30,000 rows: the notes and mails go cold past 255 values and fill three
 * blocks, two written to the file and one being filled; the id stays in
 * memory. */
static void cold_text_reads_back(void **state)
{
    (void)state;
    sp_diag *diag = sp_diag_new();
    sp_spec *spec = load_spec(diag);
    char *csv = make_csv(0, 30000, 0);
    sp_dataset *ds = read_csv(spec, csv, diag);
    free(csv);
    assert_true(ds->columns[V_NOTE].cold && ds->columns[V_MAIL].cold);
    assert_false(ds->columns[V_RID].cold);
    assert_true(ds->n_cold_blocks >= 2 && ds->cold_fd >= 0);
    assert_rows(ds, 0, 0, 30000, 0);
    sp_dataset_free(ds);
    sp_spec_free(spec);
    sp_diag_free(diag);
}

/* Two files joined: the notes cold in both, in the first only (the
 * second's 50 distinct notes have levels), in the second only, and in
 * neither (levels that fit together). */
static void cold_text_joins(void **state)
{
    (void)state;
    sp_diag *diag = sp_diag_new();
    sp_spec *spec = load_spec(diag);
    static const struct {
        int distinct[2];   /* 0: every note distinct (cold) */
        int cold;          /* the joined notes are cold */
    } joins[] = {{{0, 0}, 1}, {{0, 50}, 1}, {{50, 0}, 1}, {{50, 60}, 0}};
    for (size_t j = 0; j < sizeof joins / sizeof joins[0]; j++) {
        char *first = make_csv(0, 20000, joins[j].distinct[0]);
        char *second = make_csv(20000, 32000, joins[j].distinct[1]);
        sp_dataset *ds = read_csv(spec, first, diag);
        sp_dataset *next = read_csv(spec, second, diag);
        assert_int_equal(dataset_append(ds, next), SP_OK);
        sp_dataset_free(next);
        free(first);
        free(second);
        assert_int_equal(ds->columns[V_NOTE].cold, joins[j].cold);
        assert_true(ds->columns[V_MAIL].cold);
        assert_rows(ds, 0, 0, 20000, joins[j].distinct[0]);
        assert_rows(ds, 20000, 20000, 32000, joins[j].distinct[1]);
        sp_dataset_free(ds);
    }
    sp_spec_free(spec);
    sp_diag_free(diag);
}

/* A TMPDIR that does not exist: reading fails once a block must be
 * written, and the message names the folder and says what to do. */
static void unwritable_temporary_folder_says_so(void **state)
{
    (void)state;
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("TMPDIR", "/nonexistent-satpipe-tmp", 1);
    sp_diag *diag = sp_diag_new();
    sp_spec *spec = load_spec(diag);
    char *csv = make_csv(0, 30000, 0);
    sp_dataset *ds = sp_dataset_new(spec);
    assert_int_equal(sp_ingest_buffer(ds, "c.csv", csv, strlen(csv), diag),
                     SP_ERR_IO);
    free(csv);
    int said = 0;
    for (size_t i = 0; i < diag->count; i++)
        said += strstr(diag->entries[i].message,
                       "/nonexistent-satpipe-tmp") != NULL &&
                strstr(diag->entries[i].message, "set TMPDIR") != NULL;
    assert_int_equal(said, 1);
    sp_dataset_free(ds);
    sp_spec_free(spec);
    sp_diag_free(diag);
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cold_text_reads_back),
        cmocka_unit_test(cold_text_joins),
        cmocka_unit_test(unwritable_temporary_folder_says_so),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
