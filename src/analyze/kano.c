/* kano.c - KANO classification of features (Berger et al. 1993; Kano 1984):
 * each respondent's functional and dysfunctional answers give a category
 * by the evaluation table; a feature's category is the most frequent one,
 * with Better = (A+O)/(A+O+M+I) and Worse = -(O+M)/(A+O+M+I) (Timko's
 * customer satisfaction coefficients). Unweighted, as the method is. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/util.h"
#include "satpipe/analyze.h"

/* The evaluation table: rows the functional answer, columns the
 * dysfunctional one, both 1 like, 2 must-be, 3 neutral, 4 live with,
 * 5 dislike. */
#define A SP_KANO_ATTRACTIVE
#define O SP_KANO_ONE_DIMENSIONAL
#define M SP_KANO_MUST_BE
#define I SP_KANO_INDIFFERENT
#define R SP_KANO_REVERSE
#define Q SP_KANO_QUESTIONABLE
static const int kano_table[5][5] = {
    {Q, A, A, A, O},
    {R, I, I, I, M},
    {R, I, I, I, M},
    {R, I, I, I, M},
    {R, R, R, R, Q},
};
#undef A
#undef O
#undef M
#undef I
#undef R
#undef Q

int sp_kano_classify(int functional, int dysfunctional)
{
    if (functional < 1 || functional > 5 || dysfunctional < 1 ||
        dysfunctional > 5)
        return -1;
    return kano_table[functional - 1][dysfunctional - 1];
}

int sp_kano_answer(const char *text)
{
    if (!text)
        return 0;
    while (*text == ' ')
        text++;
    if (text[0] >= '1' && text[0] <= '5' &&
        (text[1] == '\0' || text[1] == ' ' || text[1] == '.' ||
         text[1] == '-' || text[1] == ')'))
        return text[0] - '0';
    /* Longest phrasings first: "dislike" holds "like", "不喜欢" holds
     * "喜欢". English and the usual Chinese wordings of the five answers. */
    static const struct {
        const char *word;
        int code;
    } words[] = {
        {"dislike", 5},
        {"\xe4\xb8\x8d\xe5\x96\x9c\xe6\xac\xa2", 5},      /* 不喜欢 */
        {"live with", 4}, {"tolerate", 4},
        {"\xe5\xbf\x8d\xe5\x8f\x97", 4},                  /* 忍受 */
        {"neutral", 3}, {"don't care", 3}, {"do not care", 3},
        {"indifferent", 3},
        {"\xe6\x97\xa0\xe6\x89\x80\xe8\xb0\x93", 3},      /* 无所谓 */
        {"must", 2}, {"expect", 2},
        {"\xe7\x90\x86\xe6\x89\x80\xe5\xbd\x93\xe7\x84\xb6", 2},  /* 理所当然 */
        {"\xe5\xbf\x85\xe9\xa1\xbb", 2},                  /* 必须 */
        {"\xe5\xba\x94\xe8\xaf\xa5", 2},                  /* 应该 */
        {"like", 1}, {"\xe5\x96\x9c\xe6\xac\xa2", 1},     /* 喜欢 */
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasestr(text, words[i].word))
            return words[i].code;
    return 0;
}

/* The most frequent category; ties go to the earlier in M, O, A, I, R, Q. */
static int kano_category(const size_t *counts)
{
    int best = -1;
    for (int k = 0; k < SP_KANO_CATEGORIES; k++)
        if (counts[k] && (best < 0 || counts[k] > counts[best]))
            best = k;
    return best;
}

void sp_kano_coefficients(sp_kano_result *k)
{
    for (int c = 0; c < SP_KANO_CATEGORIES; c++)
        k->shares[c] = k->n ? (double)k->counts[c] / (double)k->n : NAN;
    k->category = kano_category(k->counts);
    size_t a = k->counts[SP_KANO_ATTRACTIVE],
           o = k->counts[SP_KANO_ONE_DIMENSIONAL],
           m = k->counts[SP_KANO_MUST_BE], i = k->counts[SP_KANO_INDIFFERENT];
    double base = (double)(a + o + m + i);
    k->better = base > 0 ? (double)(a + o) / base : NAN;
    k->worse = base > 0 ? -(double)(o + m) / base : NAN;
}

sp_error sp_kano_compute(const sp_dataset *ds, const sp_cleaning *cleaning,
                         sp_kano_result **out, size_t *n_out)
{
    const sp_spec *spec = ds->spec;
    *out = NULL;
    *n_out = 0;
    if (!spec->n_kano)
        return SP_OK;
    sp_kano_result *res = calloc(spec->n_kano, sizeof *res);
    if (!res)
        return SP_ERR_NOMEM;
    *out = res;
    for (size_t f = 0; f < spec->n_kano; f++) {
        const sp_kano_feature *feature = &spec->kano[f];
        sp_kano_result *k = &res[(*n_out)++];
        if (!(k->feature = sp_strdup(feature->feature)))
            return SP_ERR_NOMEM;
        for (size_t row = 0; row < ds->n_rows; row++) {
            const char *fun = sp_dataset_text(ds, feature->functional, row);
            const char *dys = sp_dataset_text(ds, feature->dysfunctional, row);
            if (cleaning->reason[row] != SP_KEEP || !fun || !dys)
                continue;
            int category = sp_kano_classify(sp_kano_answer(fun),
                                            sp_kano_answer(dys));
            if (category < 0) {
                k->unrecognised++;
                continue;
            }
            k->counts[category]++;
            k->n++;
        }
        sp_kano_coefficients(k);
    }
    return SP_OK;
}

void sp_kano_free(sp_kano_result *k, size_t n)
{
    for (size_t i = 0; k && i < n; i++)
        free(k[i].feature);
    free(k);
}
