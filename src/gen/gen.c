/* gen.c - the synthetic SERVQUAL export (see gen.h). Each respondent has a
 * general satisfaction g ~ N(0,1); dimension d has f_d = 0.6 g + 0.8 e_d
 * (region South lower by 0.5 on every dimension); item answers are
 * round(3.4 + 0.9 f_d + N(0, 0.7)) clipped to 1-5; overall is driven by
 * the f_d with weights 0.32 0.22 0.19 0.16 0.11 (Parasuraman et al.'s
 * published importances of reliability, responsiveness, assurance,
 * empathy, tangibles). Planted, so that cleaning can be measured, and
 * listed in DIR/planted.tsv (not *.csv: never read as an export): 1.5%
 * abandoned (every rating blank), 3%
 * speeders (20-60 s against a median near 360 s), 2% straight-liners (one
 * answer to every item, the reversed one too), 1% double submissions (the
 * row written twice). */
#include "satpipe/gen.h"

#include <csv.h>
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"

#define GEN_ITEMS 6

typedef struct gen_dimension {
    const char *key, *label, *prefix;
    double importance;
} gen_dimension;

static const gen_dimension gen_dimensions[] = {
    {"tangibles", "Tangibles", "TAN", 0.11},
    {"reliability", "Reliability", "REL", 0.32},
    {"responsiveness", "Responsiveness", "RES", 0.22},
    {"assurance", "Assurance", "ASS", 0.19},
    {"empathy", "Empathy", "EMP", 0.16},
};
#define GEN_DIMS (sizeof gen_dimensions / sizeof gen_dimensions[0])
/* REL3 is worded negatively ("I often had to ask twice"). */
#define GEN_REVERSED_DIM 1
#define GEN_REVERSED_ITEM 2

static const char *const gen_regions[] = {"North", "South", "East", "West"};
static const char *const gen_channels[] = {"store", "online", "phone"};
static const char *const gen_comments[] = {
    "", "", "", "Friendly staff.", "Waited too long at the counter.",
    "Delivery was late, again.", "Great service, thank you!",
    "The app keeps logging me out", "Staff did not know the \"new\" tariff",
    "Clean shop; helpful people", "=SUM(A1:A9) is not a comment"};

static const char *const gen_labels[] = {
    "Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied",
    "Very satisfied"};

static void gen_write_spec(FILE *fp)
{
    fprintf(fp,
            "# Synthetic SERVQUAL survey written by 'satpipe gen'.\n"
            "title: Retail service quality (synthetic sample)\n"
            "language: en\n"
            "scale: [1, 5]\n"
            "missing: [0, 99]\n"
            "id: resp_id\n"
            "duration: duration_sec\n"
            "overall: overall\n"
            "nps: recommend\n"
            "comment: comment\n"
            "contact: email\n"
            "consent: may_contact\n"
            "segments: [region, channel]\n"
            "labels: {");
    for (int k = 0; k < 5; k++)
        fprintf(fp, "%s%s: %d", k ? ", " : "", gen_labels[4 - k], 5 - k);
    fprintf(fp, "}\ndimensions:\n");
    for (size_t d = 0; d < GEN_DIMS; d++) {
        const gen_dimension *g = &gen_dimensions[d];
        fprintf(fp, "  - key: %s\n    label: %s\n    items: [", g->key,
                g->label);
        for (int i = 0; i < GEN_ITEMS; i++)
            fprintf(fp, "%s%s%d", i ? ", " : "", g->prefix, i + 1);
        fprintf(fp, "]\n");
        if (d == GEN_REVERSED_DIM)
            fprintf(fp, "    reverse: [%s%d]\n", g->prefix,
                    GEN_REVERSED_ITEM + 1);
    }
}

static void gen_write_header(FILE *fp)
{
    fputs("resp_id,submitted,duration_sec,region,channel", fp);
    for (size_t d = 0; d < GEN_DIMS; d++)
        for (int i = 0; i < GEN_ITEMS; i++)
            fprintf(fp, ",%s%d", gen_dimensions[d].prefix, i + 1);
    fputs(",overall,recommend,comment,email,may_contact\n", fp);
}

static int clip(double v, int lo, int hi)
{
    long r = lround(v);
    return r < lo ? lo : r > hi ? hi : (int)r;
}

/* An item cell: mostly the answer, sometimes a "don't know" code or blank. */
static void gen_write_answer(FILE *fp, gsl_rng *rng, int answer)
{
    double u = gsl_rng_uniform(rng);
    if (u < 0.015)
        fputs(",99", fp);
    else if (u < 0.020)
        fputs(",0", fp);
    else if (u < 0.030)
        fputc(',', fp);
    else
        fprintf(fp, ",%d", answer);
}

typedef enum gen_plant {
    PLANT_NONE, PLANT_ABANDONED, PLANT_SPEEDER, PLANT_STRAIGHTLINER,
    PLANT_DUPLICATE,
} gen_plant;

static const char *const plant_names[] = {
    [PLANT_ABANDONED] = "no_answers", [PLANT_SPEEDER] = "speeder",
    [PLANT_STRAIGHTLINER] = "straightliner", [PLANT_DUPLICATE] = "duplicate"};

/* One draw decides what, if anything, is planted in a response. */
static gen_plant gen_draw_plant(gsl_rng *rng)
{
    double u = gsl_rng_uniform(rng);
    return u < 0.015 ? PLANT_ABANDONED
           : u < 0.045 ? PLANT_SPEEDER
           : u < 0.065 ? PLANT_STRAIGHTLINER
           : u < 0.075 ? PLANT_DUPLICATE
                       : PLANT_NONE;
}

static void gen_write_row(FILE *fp, gsl_rng *rng, size_t id, gen_plant plant)
{
    const char *region = gen_regions[gsl_rng_uniform_int(rng, 4)];
    const char *channel = gen_channels[gsl_rng_uniform_int(rng, 3)];
    double shift = strcmp(region, "South") == 0 ? -0.5 : 0.0;
    double g = gsl_ran_gaussian(rng, 1.0);
    double f[GEN_DIMS], drive = 0;
    for (size_t d = 0; d < GEN_DIMS; d++) {
        f[d] = 0.6 * g + 0.8 * gsl_ran_gaussian(rng, 1.0) + shift;
        drive += gen_dimensions[d].importance * f[d];
    }
    /* Durations: log-normal around 6 minutes. */
    double duration = 360.0 * exp(gsl_ran_gaussian(rng, 0.35));
    if (plant == PLANT_SPEEDER)
        duration = 20 + gsl_rng_uniform_int(rng, 40);
    int flat = 1 + (int)gsl_rng_uniform_int(rng, 5);
    unsigned day = 1 + (unsigned)(id % 28);
    fprintf(fp, "R%06zu,2026-09-%02u %02zu:%02zu,%.0f,%s,%s", id, day,
            (id * 7) % 24, (id * 13) % 60, duration, region, channel);
    int abandoned = plant == PLANT_ABANDONED;
    for (size_t d = 0; d < GEN_DIMS; d++)
        for (int i = 0; i < GEN_ITEMS; i++) {
            if (abandoned) {
                fputc(',', fp);
                continue;
            }
            int a = clip(3.4 + 0.9 * f[d] + gsl_ran_gaussian(rng, 0.7), 1, 5);
            if (d == GEN_REVERSED_DIM && i == GEN_REVERSED_ITEM)
                a = 6 - a;
            if (plant == PLANT_STRAIGHTLINER)
                a = flat;
            gen_write_answer(fp, rng, a);
        }
    int overall = clip(3.5 + 1.6 * drive + gsl_ran_gaussian(rng, 0.6), 1, 5);
    int recommend = clip(7.0 + 2.2 * (overall - 3.5) +
                             gsl_ran_gaussian(rng, 1.2), 0, 10);
    if (abandoned)
        fputs(",,,", fp);
    else {
        if (gsl_rng_uniform(rng) < 0.02)
            fputc(',', fp);
        else
            fprintf(fp, ",%d", overall);
        fprintf(fp, ",%d,", recommend);
    }
    const char *comment =
        gen_comments[gsl_rng_uniform_int(rng, sizeof gen_comments /
                                                  sizeof gen_comments[0])];
    if (*comment)
        csv_fwrite(fp, comment, strlen(comment));
    int consent = gsl_rng_uniform(rng) < 0.6;
    fprintf(fp, ",r%06zu@example.com,%s\n", id, consent ? "yes" : "no");
}

static sp_error gen_open(const char *dir, const char *name, FILE **fp,
                         char **path, sp_diag *diag)
{
    *path = sp_format("%s/%s", dir, name);
    if (!*path)
        return SP_ERR_NOMEM;
    /* Never overwrite: the folder may hold someone's real spec. */
    *fp = fopen(*path, "wx");
    if (!*fp && errno == EEXIST) {
        sp_diag_add(diag, SP_ERROR, *path, 0, 0,
                    "already exists; gen writes only new files: give an "
                    "empty folder");
        return SP_ERR_IO;
    }
    if (!*fp) {
        sp_diag_add(diag, SP_ERROR, *path, 0, 0, "cannot write: %s",
                    strerror(errno));
        return SP_ERR_IO;
    }
    return SP_OK;
}

static sp_error gen_close(FILE *fp, const char *path, sp_diag *diag)
{
    int failed = ferror(fp);
    if (fclose(fp) != 0 || failed) {
        sp_diag_add(diag, SP_ERROR, path, 0, 0, "cannot write: %s",
                    strerror(errno));
        return SP_ERR_IO;
    }
    return SP_OK;
}

sp_error sp_gen_write(const sp_gen_options *opt, sp_diag *diag)
{
    if (opt->files == 0 || opt->files > 999 || opt->responses == 0) {
        sp_diag_add(diag, SP_ERROR, NULL, 0, 0,
                    "gen needs at least one response and 1 to 999 files");
        return SP_ERR_USAGE;
    }
    gsl_set_error_handler_off();
    FILE *fp;
    char *path;
    sp_error err = gen_open(opt->dir, "survey.yaml", &fp, &path, diag);
    if (!err) {
        gen_write_spec(fp);
        err = gen_close(fp, path, diag);
    }
    free(path);
    if (err)
        return err;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        return SP_ERR_NOMEM;
    gsl_rng_set(rng, opt->seed);
    FILE *planted = NULL;
    char *planted_path = NULL;
    if ((err = gen_open(opt->dir, "planted.tsv", &planted, &planted_path,
                        diag)) != SP_OK) {
        free(planted_path);
        gsl_rng_free(rng);
        return err;
    }
    fputs("resp_id\tplanted\n", planted);
    /* Rows are composed in memory so that a double submission can be
     * written twice. */
    char *row = NULL;
    size_t row_len = 0;
    FILE *ms = open_memstream(&row, &row_len);
    if (!ms)
        err = SP_ERR_NOMEM;
    size_t id = 1;
    for (size_t k = 0; k < opt->files && !err; k++) {
        char name[32];
        snprintf(name, sizeof name, "export_%02zu.csv", k + 1);
        if ((err = gen_open(opt->dir, name, &fp, &path, diag)) == SP_OK) {
            size_t rows = opt->responses / opt->files +
                          (k < opt->responses % opt->files ? 1 : 0);
            gen_write_header(fp);
            for (size_t r = 0; r < rows; r++, id++) {
                gen_plant plant = gen_draw_plant(rng);
                fseeko(ms, 0, SEEK_SET);
                gen_write_row(ms, rng, id, plant);
                fflush(ms);
                for (int copies = plant == PLANT_DUPLICATE ? 2 : 1; copies;
                     copies--)
                    fwrite(row, 1, row_len, fp);
                if (plant != PLANT_NONE)
                    fprintf(planted, "R%06zu\t%s\n", id, plant_names[plant]);
            }
            err = gen_close(fp, path, diag);
        }
        free(path);
    }
    if (ms)
        fclose(ms);
    free(row);
    sp_error perr = gen_close(planted, planted_path, diag);
    free(planted_path);
    if (!err)
        err = perr;
    gsl_rng_free(rng);
    return err;
}
