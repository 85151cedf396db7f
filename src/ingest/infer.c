/* infer.c - `satpipe infer`: reads the exports' headers and a sample of
 * rows (sample.c) and writes a draft survey spec: layout and encoding as
 * detected, the id, duration, comment and contact columns, the rating
 * items grouped into dimensions by shared prefix or matrix question, the
 * scale from the answers seen, the overall and NPS questions. Every guess
 * carries a comment saying why, for the analyst to check. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/util.h"
#include "reader.h"
#include "sample.h"
#include "satpipe/ingest.h"

typedef enum infer_role {
    ROLE_UNUSED, ROLE_METADATA, ROLE_ID, ROLE_DURATION, ROLE_ITEM,
    ROLE_OVERALL, ROLE_NPS, ROLE_COMMENT, ROLE_CONTACT, ROLE_CONSENT,
    ROLE_SEGMENT, ROLE_OTHER_SCALE,
} infer_role;

typedef struct infer_ctx {
    const ingest_sample *s;
    const ingest_layout *layout;
    infer_role *role;
    const char **why;         /* per column: the reason, static text */
    int scale_max;
    int uses_labels;
} infer_ctx;

/* Case-insensitive search of any hint in a column's id and question text. */
static int has_hint(const ingest_column *c, const char *const *hints)
{
    for (size_t i = 0; hints[i]; i++)
        if ((c->id && strcasestr(c->id, hints[i])) ||
            (c->text && strcasestr(c->text, hints[i])))
            return 1;
    return 0;
}

static int in_list(const char *id, const char *const *names)
{
    for (size_t i = 0; names && names[i]; i++)
        if (id && strcmp(id, names[i]) == 0)
            return 1;
    return 0;
}

static const char *const id_hints[] = {"id", "resp_id", "respondent_id",
    "respondentid", "responseid", "response id", "respondent id", "序号",
    "编号", NULL};
static const char *const duration_hints[] = {"duration", "seconds",
    "interviewtime", "所用时间", "用时", NULL};
static const char *const overall_hints[] = {"overall", "总体", "整体",
    "综合", NULL};
static const char *const nps_hints[] = {"recommend", "nps", "likely", "推荐",
                                        NULL};
static const char *const comment_hints[] = {"comment", "remark", "feedback",
    "suggest", "意见", "建议", "评论", NULL};
static const char *const contact_hints[] = {"email", "e-mail", "phone",
    "mobile", "contact", "邮箱", "电话", "手机", "联系方式", NULL};
static const char *const consent_hints[] = {"consent", "may_contact",
    "permission", "同意联系", "愿意", NULL};
static const char *const segment_hints[] = {"region", "store", "channel",
    "city", "branch", "area", "country", "segment", "地区", "区域", "门店",
    "渠道", "城市", "分店", NULL};

/* Highest answer seen (whole numbers 1-11, or the built-in label sets). */
static int max_answer(const sample_column *c)
{
    int hi = 0;
    for (int k = 1; k <= 11; k++)
        if (c->whole[k])
            hi = k;
    if (c->label7 > c->label5 && hi < 7)
        hi = 7;
    else if (c->label5 && hi < 5)
        hi = 5;
    return hi;
}

static size_t answers(const sample_column *c)
{
    size_t n = c->label5 > c->label7 ? c->label5 : c->label7;
    n += c->skipped;
    for (int k = 0; k <= 11; k++)
        n += c->whole[k];
    for (int k = 0; k < SAMPLE_N_SPECIAL; k++)
        n += c->special[k];
    return n;
}

static size_t distinct_answers(const sample_column *c)
{
    size_t n = 0;
    for (int k = 0; k <= 11; k++)
        n += c->whole[k] > 0;
    return n + (c->label5 || c->label7 ? 2 : 0);
}

/* Mostly answer codes or labels, at least two different ones. */
static int is_rating(const sample_column *c)
{
    return c->nonempty && !c->other_numbers &&
           answers(c) * 10 >= c->nonempty * 9 && distinct_answers(c) >= 2;
}

/* 0-10 answers spread over the range: a likelihood-to-recommend item. */
static int is_zero_to_ten(const sample_column *c)
{
    int lo = -1;
    for (int k = 0; k <= 10 && lo < 0; k++)
        if (c->whole[k])
            lo = k;
    return is_rating(c) && !c->whole[11] && !c->label5 && !c->label7 &&
           max_answer(c) >= 9 && lo >= 0 && lo <= 6;
}

static void classify(infer_ctx *x)
{
    const ingest_sample *s = x->s;
    int have_id = 0, have_duration = 0, have_overall = 0, have_nps = 0;
    /* An NPS item named as such wins over one found by its range. */
    for (size_t f = 0; f < s->n_cols && !have_nps; f++)
        if (is_zero_to_ten(&s->stats[f]) && has_hint(&s->cols[f], nps_hints)) {
            x->role[f] = ROLE_NPS;
            x->why[f] = "0-10 answers; the question mentions recommending";
            have_nps = 1;
        }
    for (size_t f = 0; f < s->n_cols; f++) {
        const ingest_column *c = &s->cols[f];
        const sample_column *st = &s->stats[f];
        if (x->role[f] != ROLE_UNUSED || !c->id || !*c->id)
            continue;
        if (!have_id && (in_list(c->id, x->layout->id_columns) ||
                         in_list(c->id, id_hints))) {
            x->role[f] = ROLE_ID;
            x->why[f] = "the respondent id";
            have_id = 1;
        } else if (!have_duration &&
                   (in_list(c->id, x->layout->duration_columns) ||
                    has_hint(c, duration_hints))) {
            x->role[f] = ROLE_DURATION;
            x->why[f] = "completion time";
            have_duration = 1;
        } else if (in_list(c->id, x->layout->start_columns) ||
                   in_list(c->id, x->layout->end_columns) ||
                   in_list(c->id, x->layout->id_columns) ||
                   (st->timestamps && st->timestamps * 2 >= st->nonempty)) {
            x->role[f] = ROLE_METADATA;
        } else if (is_zero_to_ten(st) && !have_nps) {
            x->role[f] = ROLE_NPS;
            x->why[f] = "the only item answered 0-10";
            have_nps = 1;
        } else if (is_zero_to_ten(st)) {
            x->role[f] = ROLE_OTHER_SCALE;
        } else if (is_rating(st) && !have_overall &&
                   has_hint(c, overall_hints)) {
            x->role[f] = ROLE_OVERALL;
            x->why[f] = "the question mentions overall satisfaction";
            have_overall = 1;
        } else if (is_rating(st)) {
            x->role[f] = ROLE_ITEM;
        } else if (!st->nonempty) {
            x->role[f] = ROLE_UNUSED;
        } else if (has_hint(c, contact_hints) ||
                   (st->emails && st->emails * 2 >= st->nonempty)) {
            x->role[f] = ROLE_CONTACT;
            x->why[f] = "e-mail addresses or a contact column";
        } else if (st->yes_no * 5 >= st->nonempty * 4 &&
                   has_hint(c, consent_hints)) {
            x->role[f] = ROLE_CONSENT;
            x->why[f] = "yes/no answers to a consent question";
        } else if (has_hint(c, comment_hints) ||
                   (st->texts && st->total_length >= st->nonempty * 15)) {
            x->role[f] = ROLE_COMMENT;
            x->why[f] = "free text";
        } else if (!st->many_distinct && st->n_distinct >= 2 &&
                   has_hint(c, segment_hints)) {
            x->role[f] = ROLE_SEGMENT;
        }
    }
    x->scale_max = 0;
    for (size_t f = 0; f < s->n_cols; f++)
        if (x->role[f] == ROLE_ITEM || x->role[f] == ROLE_OVERALL) {
            int hi = max_answer(&s->stats[f]);
            x->scale_max = hi > x->scale_max ? hi : x->scale_max;
            x->uses_labels |= s->stats[f].label5 || s->stats[f].label7;
        }
    if (x->scale_max < 2)
        x->scale_max = 5;
}

/* ---- YAML output ---- */

static void yaml_quoted(FILE *out, const char *text)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* Where an item's group name ends: "Q [Row]", "Q[SQ001]", "Q - Row",
 * "Q1_2", "REL3". Returns the length of the group name (0: none). */
static size_t group_length(const char *id)
{
    const char *p;
    size_t len = strlen(id);
    if ((p = strstr(id, " [")) && id[len - 1] == ']')
        return (size_t)(p - id);
    if ((p = strchr(id, '[')) && p > id)
        return (size_t)(p - id);
    const char *dash = NULL;
    for (p = id; (p = strstr(p, " - ")) != NULL; p += 3)
        dash = p;
    if (dash && dash > id)
        return (size_t)(dash - id);
    size_t n = len;
    while (n && isdigit((unsigned char)id[n - 1]))
        n--;
    if (n == len || n == 0)
        return 0;
    if (id[n - 1] == '_' || id[n - 1] == '.' || id[n - 1] == '-')
        n--;
    return n;
}

/* A YAML-friendly key from a group name; "dim<N>" when it has none. */
static void dimension_key(const char *group, size_t len, size_t number,
                          char *key, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < cap && k < 24; i++) {
        unsigned char ch = (unsigned char)group[i];
        if (isalnum(ch))
            key[k++] = (char)tolower(ch);
        else if ((ch == ' ' || ch == '_') && k && key[k - 1] != '_')
            key[k++] = '_';
        else if (ch >= 0x80)
            break;
    }
    while (k && key[k - 1] == '_')
        k--;
    key[k] = '\0';
    if (k == 0 || len > 24 || !isalpha((unsigned char)key[0]))
        snprintf(key, cap, "dim%zu", number);
}

static void write_role(FILE *out, const infer_ctx *x, infer_role role,
                       const char *key)
{
    for (size_t f = 0; f < x->s->n_cols; f++)
        if (x->role[f] == role) {
            fprintf(out, "%s: ", key);
            yaml_quoted(out, x->s->cols[f].id);
            fprintf(out, "   # %s\n", x->why[f] ? x->why[f] : "");
            return;
        }
    fprintf(out, "# %s: (none found)\n", key);
}

static void write_list(FILE *out, const infer_ctx *x, infer_role role,
                       const char *key, const char *why)
{
    int any = 0;
    for (size_t f = 0; f < x->s->n_cols; f++)
        if (x->role[f] == role) {
            fprintf(out, "%s", any ? ", " : "");
            if (!any)
                fprintf(out, "%s: [", key);
            yaml_quoted(out, x->s->cols[f].id);
            any = 1;
        }
    if (any)
        fprintf(out, "]   # %s\n", why);
}

static void write_missing(FILE *out, const infer_ctx *x)
{
    int seen[SAMPLE_N_SPECIAL + 1] = {0};
    for (size_t f = 0; f < x->s->n_cols; f++) {
        infer_role r = x->role[f];
        if (r != ROLE_ITEM && r != ROLE_OVERALL && r != ROLE_NPS)
            continue;
        for (int k = 0; k < SAMPLE_N_SPECIAL; k++)
            seen[k] |= x->s->stats[f].special[k] > 0;
        if (r != ROLE_NPS && x->s->stats[f].whole[0])
            seen[SAMPLE_N_SPECIAL] = 1;   /* 0 on a 1-based item */
    }
    fprintf(out, "missing: [");
    int any = 0;
    for (int k = 0; k <= SAMPLE_N_SPECIAL; k++) {
        int code = k < SAMPLE_N_SPECIAL ? sample_special_codes[k] : 0;
        int layout_code = 0;
        for (size_t i = 0; i < x->layout->n_missing_codes; i++)
            layout_code |= x->layout->missing_codes[i] == code;
        if (seen[k] && !layout_code) {
            fprintf(out, "%s%d", any ? ", " : "", code);
            any = 1;
        }
    }
    fprintf(out, "]   # %s\n",
            any ? "codes seen in rating items that usually mean no answer"
                : "no \"don't know\" codes seen; add any your survey uses");
}

static void write_dimensions(FILE *out, const infer_ctx *x)
{
    const ingest_sample *s = x->s;
    unsigned char *done = calloc(s->n_cols ? s->n_cols : 1, 1);
    if (!done)
        return;
    fprintf(out, "dimensions:\n");
    size_t number = 0;
    for (size_t f = 0; f < s->n_cols; f++) {
        if (x->role[f] != ROLE_ITEM || done[f])
            continue;
        const char *id = s->cols[f].id;
        size_t glen = group_length(id);
        char key[32];
        dimension_key(id, glen ? glen : strlen(id), ++number,
                      key, sizeof key);
        /* The label: the matrix question's text where there is one, else
         * the group's name, else (an item alone) its question text. */
        const char *text = s->cols[f].text;
        size_t tlen = text ? group_length(text) : 0;
        if (!tlen) {
            text = glen || !s->cols[f].text ? id : s->cols[f].text;
            tlen = glen ? glen : strlen(text);
        }
        fprintf(out, "  - key: %s\n    label: ", key);
        char *label = sp_strndup(text, tlen);
        yaml_quoted(out, label ? label : id);
        free(label);
        fprintf(out, "\n    items: [");
        size_t n_items = 0;
        for (size_t g = f; g < s->n_cols; g++) {
            if (x->role[g] != ROLE_ITEM || done[g])
                continue;
            const char *other = s->cols[g].id;
            if (g != f && !(glen && group_length(other) == glen &&
                            strncmp(other, id, glen) == 0))
                continue;
            fprintf(out, "%s", n_items ? ", " : "");
            yaml_quoted(out, other);
            done[g] = 1;
            n_items++;
        }
        if (glen)
            fprintf(out, "]   # items sharing \"%.*s\"\n", (int)glen, id);
        else
            fprintf(out, "]   # a rating item of its own: merge it into a "
                         "dimension or keep it\n");
    }
    if (!number)
        fprintf(out, "  []   # no rating items found: list them here\n");
    free(done);
}

static void write_unused(FILE *out, const infer_ctx *x)
{
    int any = 0;
    for (size_t f = 0; f < x->s->n_cols; f++) {
        infer_role r = x->role[f];
        if (r != ROLE_UNUSED && r != ROLE_METADATA && r != ROLE_OTHER_SCALE)
            continue;
        if (!x->s->cols[f].id || !*x->s->cols[f].id)
            continue;
        fprintf(out, "%s", any ? ", " : "# Not used: ");
        yaml_quoted(out, x->s->cols[f].id);
        any = 1;
    }
    if (any)
        fprintf(out, "\n");
}

static int has_cjk(const ingest_sample *s)
{
    for (size_t f = 0; f < s->n_cols; f++)
        for (const unsigned char *p = (const unsigned char *)
                 (s->cols[f].text ? s->cols[f].text : s->cols[f].id);
             p && *p; p++)
            if (*p >= 0xE4 && *p <= 0xE9)
                return 1;
    return 0;
}

static void write_spec(FILE *out, const infer_ctx *x, char *const *files,
                       size_t n_files)
{
    const ingest_sample *s = x->s;
    fprintf(out, "# Draft survey spec written by 'satpipe infer' from %zu "
                 "file%s (columns of %s, %zu rows looked at).\n"
                 "# Each guess says why on its line: check them, then run\n"
                 "#   satpipe run -s THIS_FILE.yaml INPUT...\n",
            n_files, n_files == 1 ? "" : "s", files[0], s->rows);
    fprintf(out, "title: ");
    yaml_quoted(out, "Customer satisfaction");
    fprintf(out, "\nlanguage: %s\n", has_cjk(s) ? "zh-CN" : "en");
    fprintf(out, "layout: %s   # %s\n", s->mixed_layout ? "auto" : s->layout,
            s->mixed_layout ? "files differ: detected per file"
                            : "detected in every file");
    fprintf(out, "encoding: %s   # %s\n",
            s->mixed_encoding ? "auto" : s->encoding,
            s->mixed_encoding ? "files differ: detected per file"
                              : "detected in every file");
    fprintf(out, "scale: [1, %d]   # highest answer seen on rating items%s\n",
            x->scale_max,
            x->uses_labels ? " (answer labels are read as codes)" : "");
    write_missing(out, x);
    write_role(out, x, ROLE_ID, "id");
    write_role(out, x, ROLE_DURATION, "duration");
    write_role(out, x, ROLE_OVERALL, "overall");
    write_role(out, x, ROLE_NPS, "nps");
    write_role(out, x, ROLE_COMMENT, "comment");
    write_role(out, x, ROLE_CONTACT, "contact");
    write_role(out, x, ROLE_CONSENT, "consent");
    write_list(out, x, ROLE_SEGMENT, "segments",
               "few distinct values, named like a segment");
    write_unused(out, x);
    write_dimensions(out, x);
}

sp_error sp_ingest_infer(char *const *files, size_t n_files, FILE *out,
                         sp_diag *diag)
{
    /* A spec naming no column: the reader then only samples. */
    sp_spec empty = {.path = "(infer)", .scale_min = 1, .scale_max = 5,
                     .id = SP_NO_VARIABLE, .duration = SP_NO_VARIABLE,
                     .weight = SP_NO_VARIABLE, .wave = SP_NO_VARIABLE,
                     .overall = SP_NO_VARIABLE, .nps = SP_NO_VARIABLE,
                     .comment = SP_NO_VARIABLE, .contact = SP_NO_VARIABLE,
                     .consent = SP_NO_VARIABLE};
    sp_dataset *ds = sp_dataset_new(&empty);
    ingest_sample sample = {0};
    ingest_settings settings = {0};
    sp_error err = ds ? SP_OK : SP_ERR_NOMEM;
    for (size_t i = 0; i < n_files && !err; i++) {
        FILE *fp = fopen(files[i], "rb");
        if (!fp) {
            ingest_say_cannot_open(diag, files[i]);
            err = SP_ERR_IO;
            break;
        }
        sample.rows = sample.files ? sample.rows : 0;
        err = ingest_read(ds, files[i], fp, NULL, 0, &settings, &sample, diag);
        fclose(fp);
    }
    if (!err && !sample.cols) {
        sp_diag_add(diag, SP_ERROR, files[0], 0, 0,
                    "no header row found: is this an export?");
        err = SP_ERR_INPUT;
    }
    if (!err) {
        infer_ctx x = {.s = &sample,
                       .layout = ingest_layout_find(sample.layout)};
        x.role = calloc(sample.n_cols ? sample.n_cols : 1, sizeof *x.role);
        x.why = calloc(sample.n_cols ? sample.n_cols : 1, sizeof *x.why);
        if (!x.role || !x.why || !x.layout)
            err = SP_ERR_NOMEM;
        else {
            classify(&x);
            write_spec(out, &x, files, n_files);
        }
        free(x.role);
        free(x.why);
    }
    sample_free(&sample);
    sp_dataset_free(ds);
    return err;
}
