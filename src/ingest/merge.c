/* merge.c - many files into one dataset: the spec's layout and encoding
 * overrides, every file read (on two threads when asked: two files at
 * once, each into a dataset of its own, joined in file order so that the
 * result is the same as reading them in turn, or a single large file in
 * two halves; a bad one skipped with --keep-going), and the columns some
 * files lack. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "reader.h"
#include "satpipe/ingest.h"

/* The spec's `layout:` and `encoding:`; SP_ERR_SPEC when unknown. */
static sp_error resolve_settings(const sp_spec *spec, ingest_settings *s,
                                 sp_diag *diag)
{
    *s = (ingest_settings){.split_min = INGEST_SPLIT_MIN};
    sp_error err = SP_OK;
    if (spec->layout && strcmp(spec->layout, "auto") != 0 &&
        !(s->layout = ingest_layout_find(spec->layout))) {
        const char *names[16];
        size_t n = 0;
        while (ingest_layouts[n] && n < 16) {
            names[n] = ingest_layouts[n]->name;
            n++;
        }
        const char *hint = sp_closest_name(spec->layout, names, n);
        sp_diag_add(diag, SP_ERROR, spec->path, spec->layout_line, 0,
                    "key 'layout': '%s' is not a known layout%s%s%s (auto, "
                    "plain, qualtrics, surveymonkey, wenjuanxing, "
                    "limesurvey, google-forms)",
                    spec->layout, hint ? "; did you mean " : "",
                    hint ? hint : "", hint ? "?" : "");
        err = SP_ERR_SPEC;
    }
    if (spec->encoding && !ingest_encoding_parse(spec->encoding, &s->encoding)) {
        sp_diag_add(diag, SP_ERROR, spec->path, spec->encoding_line, 0,
                    "key 'encoding': '%s' is not supported (auto, utf-8, "
                    "utf-16le, utf-16be, gb18030, gbk)", spec->encoding);
        err = SP_ERR_SPEC;
    }
    return err;
}

sp_error sp_ingest_buffer(sp_dataset *ds, const char *name, const char *data,
                          size_t len, sp_diag *diag)
{
    ingest_settings settings;
    sp_error err = resolve_settings(ds->spec, &settings, diag);
    return err ? err : ingest_read(ds, name, NULL, data, len, &settings, NULL, diag);
}

/* Reads the file at path into ds. */
static sp_error ingest_file(sp_dataset *ds, const char *path,
                            const ingest_settings *settings, sp_diag *diag)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        ingest_say_cannot_open(diag, path);
        uint32_t index;   /* listed all the same, as unreadable */
        return dataset_add_source(ds, path, &index) ? SP_ERR_NOMEM
                                                    : SP_ERR_IO;
    }
    sp_error err = ingest_read(ds, path, fp, NULL, 0, settings, NULL, diag);
    fclose(fp);
    return err;
}

sp_error sp_ingest_file(sp_dataset *ds, const char *path, sp_diag *diag)
{
    ingest_settings settings;
    sp_error err = resolve_settings(ds->spec, &settings, diag);
    return err ? err : ingest_file(ds, path, &settings, diag);
}

static int source_read(const sp_source *s)
{
    return s->skipped == NULL;
}

sp_error sp_ingest_check_columns(const sp_dataset *ds, sp_diag *diag)
{
    const sp_spec *spec = ds->spec;
    sp_error ret = SP_OK;
    for (size_t v = 0; v < spec->n_variables; v++) {
        const sp_variable *var = &spec->variables[v];
        size_t lacking = 0, read = 0;
        const sp_source *first = NULL;
        for (size_t i = 0; i < ds->n_sources; i++) {
            if (!source_read(&ds->sources[i]))
                continue;
            read++;
            if (ds->sources[i].absent[v]) {
                lacking++;
                first = first ? first : &ds->sources[i];
            }
        }
        if (!lacking)
            continue;
        if (lacking == read) {
            const char *hint = first->hints ? first->hints[v] : NULL;
            char others[64] = "";
            if (read > 1)
                snprintf(others, sizeof others, " (nor of the %zu other "
                         "files)", read - 1);
            sp_diag_add(diag, SP_ERROR, spec->path, var->line, 0,
                        "%s is not a column of %s%s%s%s%s", var->context,
                        first->path, others, hint ? " (did you mean " : "",
                        hint ? hint : "", hint ? "?)" : "");
            ret = SP_ERR_SPEC;
            continue;
        }
        for (size_t i = 0; i < ds->n_sources; i++)
            if (source_read(&ds->sources[i]) && ds->sources[i].absent[v])
                sp_diag_add(diag, SP_WARNING, ds->sources[i].path, 0, 0,
                            "lacks column %s (%s, line %ld): its %zu "
                            "responses count as no answer there; list it "
                            "under 'required:' to make this an error",
                            var->name, spec->path, var->line,
                            ds->sources[i].rows);
    }
    return ret;
}

/* A spec error (exit 2) outranks a data error (exit 1): fixing the spec
 * comes first. Out of memory outranks both. */
static sp_error worse(sp_error a, sp_error b)
{
    if (a == SP_ERR_NOMEM || b == SP_ERR_NOMEM)
        return SP_ERR_NOMEM;
    if (a == SP_ERR_SPEC || b == SP_ERR_SPEC)
        return SP_ERR_SPEC;
    return a ? a : b;
}

/* With --keep-going: forgets a failed file's rows, keeps why it failed,
 * and turns its errors into warnings. */
static sp_error skip_file(sp_dataset *ds, size_t rows_before,
                          size_t diag_before, sp_diag *diag)
{
    sp_source *src = &ds->sources[ds->n_sources - 1];
    dataset_truncate(ds, rows_before);
    const char *why = "unreadable";
    for (size_t i = diag_before; diag && i < diag->count; i++)
        if (diag->entries[i].severity == SP_ERROR) {
            why = diag->entries[i].message;
            break;
        }
    if (!(src->skipped = sp_strdup(why)))
        return SP_ERR_NOMEM;
    sp_diag_downgrade(diag, diag_before);
    sp_diag_add(diag, SP_WARNING, src->path, 0, 0,
                "skipped (--keep-going): %s", why);
    return SP_OK;
}

/* One file read on its own: its rows, messages and result, joined to the
 * run's in file order afterwards. */
typedef struct file_job {
    const char *path;
    sp_dataset *ds;
    sp_diag *diag;
    sp_error err;
} file_job;

typedef struct file_queue {
    file_job *jobs;
    size_t n;
    atomic_size_t next;   /* the next file to take */
} file_queue;

static void *read_files(void *arg)
{
    file_queue *q = arg;
    for (size_t i; (i = atomic_fetch_add(&q->next, 1)) < q->n;) {
        file_job *j = &q->jobs[i];
        j->err = j->ds && j->diag ? sp_ingest_file(j->ds, j->path, j->diag)
                                  : SP_ERR_NOMEM;
    }
    return NULL;
}

/* Reads files[0..n) on two threads, each into a dataset of its own. */
static sp_error read_in_parallel(const sp_spec *spec, char *const *files,
                                 size_t n, file_job **out)
{
    file_job *jobs = calloc(n, sizeof *jobs);
    if (!jobs)
        return SP_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        jobs[i] = (file_job){.path = files[i], .ds = sp_dataset_new(spec),
                             .diag = sp_diag_new()};
    file_queue q = {.jobs = jobs, .n = n};
    atomic_init(&q.next, 0);
    pthread_t tid;
    int started = pthread_create(&tid, NULL, read_files, &q) == 0;
    read_files(&q);   /* this thread reads too; alone if none started */
    if (started)
        pthread_join(tid, NULL);
    *out = jobs;
    return SP_OK;
}

sp_error sp_ingest_files(const sp_spec *spec, char *const *files,
                         size_t n_files, const sp_ingest_options *options,
                         sp_dataset **out, sp_diag *diag)
{
    *out = NULL;
    ingest_settings settings;
    sp_error ret = resolve_settings(spec, &settings, diag);
    if (ret)
        return ret;
    sp_dataset *ds = sp_dataset_new(spec);
    if (!ds)
        return SP_ERR_NOMEM;
    int keep_going = options && options->keep_going;
    file_job *jobs = NULL;
    if (options && options->threads > 1 && n_files > 1 &&
        read_in_parallel(spec, files, n_files, &jobs) != SP_OK)
        ret = SP_ERR_NOMEM;
    for (size_t i = 0; i < n_files && ret != SP_ERR_NOMEM; i++) {
        size_t rows_before = ds->n_rows, diag_before = diag ? diag->count : 0;
        sp_error err;
        if (jobs) {   /* already read: join in file order */
            sp_diag_append(diag, jobs[i].diag);
            err = jobs[i].err;
            sp_error joined = jobs[i].ds ? dataset_append(ds, jobs[i].ds)
                                         : SP_OK;
            dataset_text_error(diag, files[i], 0, joined);
            err = joined ? joined : err;
        } else {   /* one at a time: a large one in two halves at once */
            settings.threads = options ? options->threads : 1;
            err = ingest_file(ds, files[i], &settings, diag);
        }
        if (keep_going && (err == SP_ERR_IO || err == SP_ERR_INPUT))
            err = skip_file(ds, rows_before, diag_before, diag);
        ret = worse(ret, err);
    }
    for (size_t i = 0; jobs && i < n_files; i++) {
        sp_dataset_free(jobs[i].ds);
        sp_diag_free(jobs[i].diag);
    }
    free(jobs);
    if (ret != SP_ERR_NOMEM)
        ret = worse(ret, sp_ingest_check_columns(ds, diag));
    if (!ret && ds->n_rows == 0) {
        sp_diag_add(diag, SP_ERROR, NULL, 0, 0,
                    "the inputs hold no responses (%zu file%s read)",
                    n_files, n_files == 1 ? "" : "s");
        ret = SP_ERR_NO_DATA;
    }
    if (ret) {
        sp_dataset_free(ds);
        return ret;
    }
    *out = ds;
    return SP_OK;
}
