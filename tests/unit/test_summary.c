/* test_summary.c - the pieces behind the managers' sheets: the KANO
 * evaluation table and coefficients, KANO answer labels, consent answers,
 * the spec's kano: and recovery: blocks, the workbook's wording (every
 * Chinese text takes the same printf arguments as its English one) and
 * Excel's rules for sheet names.
 * Expected values are typed in by hand: the evaluation table from Berger
 * et al. (1993), table 2; Better and Worse worked out on paper. */
#include "test_util.h"

#include <stdio.h>

#include "report/text.h"
#include "report/xlsx_internal.h"
#include "satpipe/analyze.h"
#include "satpipe/spec.h"

static void kano_table_is_bergers(void **state)
{
    (void)state;
    /* Rows: functional like, must-be, neutral, live with, dislike; columns
     * the same for the dysfunctional answer. */
    static const char *const table[5] = {"QAAAO", "RIIIM", "RIIIM", "RIIIM",
                                         "RRRRQ"};
    static const char letters[] = "MOAIRQ";
    for (int f = 1; f <= 5; f++)
        for (int d = 1; d <= 5; d++) {
            int c = sp_kano_classify(f, d);
            assert_true(c >= 0 && c < SP_KANO_CATEGORIES);
            assert_int_equal(letters[c], table[f - 1][d - 1]);
        }
    assert_int_equal(sp_kano_classify(0, 3), -1);
    assert_int_equal(sp_kano_classify(3, 6), -1);
}

static void kano_answers_are_read_from_codes_and_labels(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int code;
    } cases[] = {
        {"1", 1}, {"5", 5}, {" 3", 3}, {"2 - It must be that way", 2},
        {"I like it that way", 1}, {"I dislike it that way", 5},
        {"It must be that way", 2}, {"I expect it", 2},
        {"I am neutral", 3}, {"I don't care", 3}, {"I can live with it", 4},
        {"I can tolerate it", 4}, {"DISLIKE", 5},
        {"我喜欢", 1}, {"我不喜欢", 5}, {"理所当然", 2}, {"无所谓", 3},
        {"能忍受", 4}, {"", 0}, {"6", 0}, {"maybe", 0}, {NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (sp_kano_answer(cases[i].text) != cases[i].code)
            fail_msg("'%s' read as %d, expected %d",
                     cases[i].text ? cases[i].text : "(null)",
                     sp_kano_answer(cases[i].text), cases[i].code);
}

static void kano_coefficients_by_hand(void **state)
{
    (void)state;
    /* M 10, O 20, A 30, I 40, R 5, Q 5 of 110: Better = 50/100 = 0.5,
     * Worse = -30/100 = -0.3; the most frequent category is I. */
    sp_kano_result k = {.n = 110, .counts = {10, 20, 30, 40, 5, 5}};
    sp_kano_coefficients(&k);
    assert_near(k.better, 0.5, 1e-15);
    assert_near(k.worse, -0.3, 1e-15);
    assert_int_equal(k.category, SP_KANO_INDIFFERENT);
    assert_near(k.shares[SP_KANO_ATTRACTIVE], 30.0 / 110, 1e-15);
    /* A tie of M and A goes to M (the M > O > A > I rule). */
    sp_kano_result tie = {.n = 20, .counts = {8, 0, 8, 4, 0, 0}};
    sp_kano_coefficients(&tie);
    assert_int_equal(tie.category, SP_KANO_MUST_BE);
    /* Only reverse and questionable answers: no coefficients. */
    sp_kano_result none = {.n = 3, .counts = {0, 0, 0, 0, 2, 1}};
    sp_kano_coefficients(&none);
    assert_true(isnan(none.better) && isnan(none.worse));
    assert_int_equal(none.category, SP_KANO_REVERSE);
}

static void consent_must_be_an_explicit_yes(void **state)
{
    (void)state;
    const char *yes[] = {"yes", "Yes", "Y", "1", "true", "是", "同意",
                         " yes ", "I agree"};
    const char *no[] = {"no", "0", "", "否", "不同意", "maybe", "yes please",
                        NULL};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!sp_consent_given(yes[i]))
            fail_msg("'%s' should be consent", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (sp_consent_given(no[i]))
            fail_msg("'%s' should not be consent", no[i] ? no[i] : "NULL");
}

static sp_error load(const char *text, sp_spec **spec, sp_diag **diag)
{
    *diag = sp_diag_new();
    assert_non_null(*diag);
    return sp_spec_load_buffer("s.yaml", text, strlen(text), spec, *diag);
}

static void spec_reads_kano_and_recovery(void **state)
{
    (void)state;
    static const char text[] =
        "scale: [1, 7]\n"                                          /* 1 */
        "overall: sat\n"                                           /* 2 */
        "dimensions: [{key: a, items: [A1, A2]}]\n"                /* 3 */
        "kano:\n"                                                  /* 4 */
        "  - {feature: Fast, functional: K1F, dysfunctional: K1D}\n" /* 5 */
        "recovery: {nps_at_most: 5}\n";                            /* 6 */
    sp_spec *s;
    sp_diag *d;
    assert_int_equal(load(text, &s, &d), SP_OK);
    assert_int_equal(s->n_kano, 1);
    assert_string_equal(s->kano[0].feature, "Fast");
    assert_string_equal(s->variables[s->kano[0].functional].name, "K1F");
    assert_int_equal(s->variables[s->kano[0].dysfunctional].kind,
                     SP_VALUE_TEXT);
    /* 7 points: a top and bottom box of 3, so overall 1-3 is called back. */
    assert_int_equal(s->recovery.overall_at_most, 3);
    assert_int_equal(s->recovery.nps_at_most, 5);
    assert_non_null(strstr(s->text, "kano:"));
    sp_spec_free(s);
    sp_diag_free(d);

    static const char bad[] =
        "scale: [1, 5]\n"                                          /* 1 */
        "dimensions: [{key: a, items: [A1]}]\n"                    /* 2 */
        "kano:\n"                                                  /* 3 */
        "  - {feature: Fast, functional: K1F}\n"                   /* 4 */
        "recovery: {overall_at_most: 5, nps_at_most: 12}\n";       /* 5 */
    assert_int_equal(load(bad, &s, &d), SP_ERR_SPEC);
    assert_diag(d, SP_ERROR, 4, -1, "needs feature, functional and "
                                    "dysfunctional");
    assert_diag(d, SP_ERROR, 5, -1, "overall_at_most 5 is not a point");
    assert_diag(d, SP_ERROR, 5, -1, "nps_at_most 12 is not 0 to 9");
    sp_diag_free(d);
}

/* The printf conversions of a text, in argument order (positional ones
 * sorted by position): %s -> 's', %zu -> 'u', %.2f -> 'f'. */
static size_t conversions(const char *text, char *out, size_t size)
{
    char at[32] = {0};
    size_t n = 0, max = 0;
    for (const char *p = text; (p = strchr(p, '%')) != NULL;) {
        p++;
        if (*p == '%') {
            p++;
            continue;
        }
        size_t pos = n + 1;
        const char *q = p;
        while (*q >= '0' && *q <= '9')
            q++;
        if (*q == '$') {
            pos = (size_t)atoi(p);
            p = q + 1;
        }
        p += strspn(p, "+-#0 .0123456789");
        char conv = *p;
        if (*p == 'z')
            conv = *++p == 'u' ? 'u' : '?';
        if (!conv || !strchr("sdfgcxu", conv))
            continue;   /* a literal "%" in a text that is no format */
        if (pos < sizeof at && pos < size) {
            at[pos] = conv;
            max = pos > max ? pos : max;
        }
        n++;
        p++;
    }
    for (size_t i = 1; i <= max; i++)
        out[i - 1] = at[i];
    out[max] = '\0';
    return max;
}

static void every_text_has_both_languages_and_the_same_arguments(void **state)
{
    (void)state;
    for (int id = 0; id < TXT__COUNT; id++) {
        const char *en = report_text("en", (report_text_id)id);
        const char *zh = report_text("zh-CN", (report_text_id)id);
        if (!en || !*en)
            fail_msg("text %d has no English", id);
        char a[32], b[32];
        conversions(en, a, sizeof a);
        conversions(zh, b, sizeof b);
        if (strcmp(a, b) != 0)
            fail_msg("text %d: English takes '%s', Chinese '%s':\n%s\n%s",
                     id, a, b, en, zh);
    }
}

static void sheet_names_obey_excels_rules(void **state)
{
    (void)state;
    char out[200];
    xlsx_sheet_name_safe("Q3 [draft]: a/b\\c*?", 31, out, sizeof out);
    assert_string_equal(out, "Q3 _draft__ a_b_c__");
    xlsx_sheet_name_safe("'quoted'", 31, out, sizeof out);
    assert_string_equal(out, "_quoted_");
    /* 40 ASCII characters: the first 31. */
    xlsx_sheet_name_safe("abcdefghijklmnopqrstuvwxyz0123456789ABCD", 31, out,
                         sizeof out);
    assert_string_equal(out, "abcdefghijklmnopqrstuvwxyz01234");
    /* Chinese: 31 characters of 3 bytes each, cut between characters. */
    char zh[3 * 40 + 1] = "";
    for (int i = 0; i < 40; i++)
        strcat(zh, "\xe6\xbb\xa1");   /* 满 */
    xlsx_sheet_name_safe(zh, 31, out, sizeof out);
    assert_int_equal(strlen(out), 3 * 31);
    /* Beyond the BMP a character takes two units: 15 fit in 31. */
    char emoji[4 * 20 + 1] = "";
    for (int i = 0; i < 20; i++)
        strcat(emoji, "\xf0\x9f\x98\x80");
    xlsx_sheet_name_safe(emoji, 31, out, sizeof out);
    assert_int_equal(strlen(out), 4 * 15);
    xlsx_sheet_name_safe("", 31, out, sizeof out);
    assert_string_equal(out, "Sheet");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kano_table_is_bergers),
        cmocka_unit_test(kano_answers_are_read_from_codes_and_labels),
        cmocka_unit_test(kano_coefficients_by_hand),
        cmocka_unit_test(consent_must_be_an_explicit_yes),
        cmocka_unit_test(spec_reads_kano_and_recovery),
        cmocka_unit_test(every_text_has_both_languages_and_the_same_arguments),
        cmocka_unit_test(sheet_names_obey_excels_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
