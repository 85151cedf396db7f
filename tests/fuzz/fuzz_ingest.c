/* fuzz_ingest.c - libFuzzer target for the CSV ingest: any bytes as an
 * export (every layout and encoding the reader detects), read under a spec
 * that names every kind of column, then cleaned and scored, and every text
 * cell read back (the cold store included). Nothing may crash, leak, read
 * out of bounds or hang; a bad export is only ever an error code. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "satpipe/clean.h"
#include "satpipe/ingest.h"
#include "satpipe/score.h"

static const char spec_text[] =
    "scale: [1, 5]\n"
    "missing: [0, 99]\n"
    "id: rid\n"
    "duration: secs\n"
    "weight: w\n"
    "wave: wave\n"
    "overall: sat\n"
    "nps: rec\n"
    "comment: note\n"
    "contact: mail\n"
    "consent: ok\n"
    "segments: [region]\n"
    "labels: {Very satisfied: 5, Neutral: 3}\n"
    "cleaning: {attention: [{column: AC, expect: 4}]}\n"
    "dimensions:\n"
    "  - {key: a, items: [A1, A2, A3], reverse: [A2], expectations: [E1, E2, "
    "E3]}\n"
    "  - {key: b, items: [B1, B2]}\n";

static sp_spec *spec;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sp_diag *diag = sp_diag_new();
    if (sp_spec_load_buffer("fuzz.yaml", spec_text, strlen(spec_text), &spec,
                            diag) != SP_OK)
        abort();   /* the spec above is wrong: nothing to fuzz */
    sp_diag_free(diag);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sp_diag *diag = sp_diag_new();
    sp_dataset *ds = sp_dataset_new(spec);
    if (ds && diag &&
        sp_ingest_buffer(ds, "fuzz.csv", (const char *)data, size, diag) ==
            SP_OK) {
        sp_cleaning *cleaning = NULL;
        sp_scores *scores = NULL;
        if (sp_clean_run(ds, 1, &cleaning, diag) == SP_OK &&
            sp_score_run(ds, cleaning, &scores) == SP_OK) {
            sp_text_buf buf = {0};
            for (size_t v = 0; v < spec->n_variables; v++)
                for (size_t r = 0; spec->variables[v].kind == SP_VALUE_TEXT &&
                                   r < ds->n_rows;
                     r++) {
                    const char *text;
                    if (sp_dataset_text_read(ds, v, r, &buf, &text) != SP_OK)
                        break;
                }
            free(buf.data);
        }
        sp_scores_free(scores);
        sp_cleaning_free(cleaning);
    }
    sp_dataset_free(ds);
    sp_diag_free(diag);
    return 0;
}
