/* recovery.c - service recovery: the valid respondents to call back, those
 * whose overall satisfaction is at or below recovery.overall_at_most (the
 * bottom box by default) or whose NPS answer is at or below nps_at_most (6:
 * detractors). Where the spec names a consent column, only those who said
 * yes are listed; the others are counted. Worst first. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/util.h"
#include "satpipe/analyze.h"

int sp_consent_given(const char *answer)
{
    if (!answer)
        return 0;
    while (*answer == ' ')
        answer++;
    /* Consent must be explicit: anything not a yes is a no. */
    static const char *const yes[] = {
        "1", "y", "yes", "true", "ok", "agree", "agreed", "i agree",
        "consent", "consented", "yes, you may contact me",
        "\xe6\x98\xaf",                     /* 是 */
        "\xe5\x90\x8c\xe6\x84\x8f",         /* 同意 */
        "\xe6\x84\xbf\xe6\x84\x8f",         /* 愿意 */
        "\xe5\x8f\xaf\xe4\xbb\xa5",         /* 可以 */
        NULL};
    size_t len = strlen(answer);
    while (len && answer[len - 1] == ' ')
        len--;
    for (size_t i = 0; yes[i]; i++)
        if (strlen(yes[i]) == len && strncasecmp(answer, yes[i], len) == 0)
            return 1;
    return 0;
}

static const char *text_at(const sp_dataset *ds, size_t variable, size_t row)
{
    return variable == SP_NO_VARIABLE ? NULL
                                      : sp_dataset_text(ds, variable, row);
}

static double rating_or_nan(const sp_dataset *ds, size_t variable,
                            size_t row)
{
    return variable == SP_NO_VARIABLE ? NAN
                                      : sp_score_rating(ds, variable, row);
}

/* NAN sorts after every number: an unanswered figure is not "worse". */
static int compare_figure(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) - isnan(b);
    return (a > b) - (a < b);
}

static double lowest_score(const sp_recovery *r, const sp_recovery_case *c)
{
    return c->lowest == SP_RECOVERY_NO_DIMENSION
               ? NAN
               : sp_score_dimension(r->scores, c->lowest, c->row);
}

static double case_overall(const sp_recovery *r, const sp_recovery_case *c)
{
    return rating_or_nan(r->dataset, r->dataset->spec->overall, c->row);
}

static double case_nps(const sp_recovery *r, const sp_recovery_case *c)
{
    return rating_or_nan(r->dataset, r->dataset->spec->nps, c->row);
}

/* Worst first; rows are in file order, so ties keep the files' order. */
static int compare_cases(const void *pa, const void *pb, void *list)
{
    const sp_recovery_case *a = pa, *b = pb;
    int c = compare_figure(case_overall(list, a), case_overall(list, b));
    if (!c)
        c = compare_figure(case_nps(list, a), case_nps(list, b));
    if (!c)
        c = compare_figure(lowest_score(list, a), lowest_score(list, b));
    if (!c)
        c = (a->row > b->row) - (a->row < b->row);
    return c;
}

/* Worst first, in place: glibc's qsort would copy the list (as large as
 * the list: 22 MB at 10^7 responses). Introsort: quicksort on the median of
 * three, heapsort past 2 log2 n levels, insertion sort on short runs. */
static int case_before(const sp_recovery *list, const sp_recovery_case *a,
                       const sp_recovery_case *b)
{
    return compare_cases(a, b, (void *)list) < 0;
}

static void swap_cases(sp_recovery_case *a, sp_recovery_case *b)
{
    sp_recovery_case t = *a;
    *a = *b;
    *b = t;
}

static void sift_down(const sp_recovery *list, sp_recovery_case *c,
                      size_t root, size_t n)
{
    for (size_t child; (child = 2 * root + 1) < n; root = child) {
        if (child + 1 < n && case_before(list, &c[child], &c[child + 1]))
            child++;
        if (!case_before(list, &c[root], &c[child]))
            return;
        swap_cases(&c[root], &c[child]);
    }
}

static void heap_sort(const sp_recovery *list, sp_recovery_case *c, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(list, c, i, n);
    for (size_t end = n; end-- > 1;) {
        swap_cases(&c[0], &c[end]);
        sift_down(list, c, 0, end);
    }
}

static void sort_cases(const sp_recovery *list, sp_recovery_case *c, size_t n,
                       unsigned depth)
{
    while (n > 16) {
        if (depth-- == 0) {
            heap_sort(list, c, n);
            return;
        }
        size_t mid = n / 2;   /* median of three to c[mid] */
        if (case_before(list, &c[mid], &c[0]))
            swap_cases(&c[mid], &c[0]);
        if (case_before(list, &c[n - 1], &c[mid])) {
            swap_cases(&c[n - 1], &c[mid]);
            if (case_before(list, &c[mid], &c[0]))
                swap_cases(&c[mid], &c[0]);
        }
        swap_cases(&c[mid], &c[n - 2]);   /* pivot aside; c[n-1] >= it */
        const sp_recovery_case *pivot = &c[n - 2];
        size_t i = 0, j = n - 2;
        for (;;) {
            while (case_before(list, &c[++i], pivot))
                ;
            while (j > 0 && case_before(list, pivot, &c[--j]))
                ;
            if (i >= j)
                break;
            swap_cases(&c[i], &c[j]);
        }
        swap_cases(&c[i], &c[n - 2]);
        /* The smaller side by recursion, the larger by the loop. */
        if (i < n - 1 - i) {
            sort_cases(list, c, i, depth);
            c += i + 1;
            n -= i + 1;
        } else {
            sort_cases(list, c + i + 1, n - i - 1, depth);
            n = i;
        }
    }
    for (size_t k = 1; k < n; k++)
        for (size_t m = k; m > 0 && case_before(list, &c[m], &c[m - 1]); m--)
            swap_cases(&c[m], &c[m - 1]);
}

static void fill_case(const sp_dataset *ds, const sp_scores *scores,
                      size_t row, sp_recovery_case *c)
{
    const sp_spec *spec = ds->spec;
    c->row = (uint32_t)row;
    c->lowest = SP_RECOVERY_NO_DIMENSION;
    double lowest = NAN;
    for (size_t d = 0; d < spec->n_dimensions; d++) {
        double s = sp_score_dimension(scores, d, row);
        if (!isnan(s) && !(s >= lowest)) {
            c->lowest = (uint32_t)d;
            lowest = s;
        }
    }
}

/* The text of variable (SP_NO_VARIABLE: none) at row, read back into buf
 * when cold. */
static sp_error text_read(const sp_dataset *ds, size_t variable, size_t row,
                          sp_text_buf *buf, const char **text)
{
    *text = NULL;
    return variable == SP_NO_VARIABLE
               ? SP_OK
               : sp_dataset_text_read(ds, variable, row, buf, text);
}

sp_error sp_recovery_case_row(const sp_recovery *r,
                              const sp_recovery_case *c, sp_text_buf *bufs,
                              sp_recovery_row *out)
{
    const sp_dataset *ds = r->dataset;
    const sp_spec *spec = ds->spec;
    *out = (sp_recovery_row){
        .source = sp_dataset_source(ds, c->row),
        .line = sp_dataset_line(ds, c->row),
        .id = text_at(ds, spec->id, c->row),
        .overall = case_overall(r, c),
        .nps = case_nps(r, c),
        .lowest = c->lowest == SP_RECOVERY_NO_DIMENSION ? SP_NO_DIMENSION
                                                        : c->lowest,
        .lowest_score = lowest_score(r, c),
    };
    sp_error err = text_read(ds, spec->comment, c->row, &bufs[0],
                             &out->comment);
    return err ? err
               : text_read(ds, spec->contact, c->row, &bufs[1], &out->contact);
}

const char *sp_recovery_case_segment(const sp_recovery *r,
                                     const sp_recovery_case *c, size_t s)
{
    return text_at(r->dataset, r->segment_variables[s], c->row);
}

/* Whether row is listed; counts it as eligible and not consented on the
 * way. */
static int recovery_listed(const sp_dataset *ds, const sp_cleaning *cleaning,
                           size_t row, sp_recovery *out)
{
    const sp_spec *spec = ds->spec;
    if (cleaning->reason[row] != SP_KEEP)
        return 0;
    double overall = rating_or_nan(ds, spec->overall, row);
    double nps = rating_or_nan(ds, spec->nps, row);
    if (!(overall <= out->overall_at_most) && !(nps <= out->nps_at_most))
        return 0;
    out->eligible++;
    if (out->has_consent &&
        !sp_consent_given(text_at(ds, spec->consent, row))) {
        out->not_consented++;
        return 0;
    }
    return 1;
}

sp_error sp_recovery_compute(const sp_dataset *ds,
                             const sp_cleaning *cleaning,
                             const sp_scores *scores, sp_recovery *out)
{
    const sp_spec *spec = ds->spec;
    out->overall_at_most = spec->recovery.overall_at_most;
    out->nps_at_most = spec->recovery.nps_at_most;
    out->has_criterion =
        spec->overall != SP_NO_VARIABLE || spec->nps != SP_NO_VARIABLE;
    out->has_consent = spec->consent != SP_NO_VARIABLE;
    out->dataset = ds;
    out->scores = scores;
    if (ds->n_rows > UINT32_MAX || spec->n_dimensions >= UINT32_MAX)
        return SP_ERR_NOMEM;   /* past what a case's fields hold */
    if (spec->n_segments &&
        (!(out->segment_columns = calloc(spec->n_segments, sizeof(char *))) ||
         !(out->segment_variables =
               calloc(spec->n_segments, sizeof(size_t)))))
        return SP_ERR_NOMEM;
    for (; out->n_segments < spec->n_segments; out->n_segments++) {
        size_t v = spec->segments[out->n_segments];
        out->segment_variables[out->n_segments] = v;
        if (!(out->segment_columns[out->n_segments] =
                  sp_strdup(spec->variables[v].name)))
            return SP_ERR_NOMEM;
    }
    if (!out->has_criterion)
        return SP_OK;
    /* Counted first, then allocated once: the list can hold a third of a
     * large export. */
    size_t listed = 0;
    for (size_t row = 0; row < ds->n_rows; row++)
        listed += recovery_listed(ds, cleaning, row, out);
    out->cases = calloc(listed ? listed : 1, sizeof *out->cases);
    if (!out->cases)
        return SP_ERR_NOMEM;
    out->eligible = out->not_consented = 0;
    for (size_t row = 0; row < ds->n_rows; row++) {
        if (!recovery_listed(ds, cleaning, row, out))
            continue;
        fill_case(ds, scores, row, &out->cases[out->n_cases]);
        out->n_cases++;
    }
    unsigned depth = 0;
    for (size_t n = out->n_cases; n > 1; n >>= 1)
        depth += 2;
    sort_cases(out, out->cases, out->n_cases, depth);
    return SP_OK;
}

void sp_recovery_clear(sp_recovery *r)
{
    free(r->cases);
    free(r->segment_variables);
    sp_strv_free(r->segment_columns, r->n_segments);
    *r = (sp_recovery){0};
}
