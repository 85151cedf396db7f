/* pipeline.c - runs the stages in order (see pipeline.h); with two
 * threads, scoring every row overlaps cleaning. */
#include "satpipe/pipeline.h"

#include <gsl/gsl_errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "satpipe/ingest.h"
#include "util.h"

char *sp_default_spec_path(const char *input)
{
    struct stat st;
    if (stat(input, &st) == 0 && S_ISDIR(st.st_mode))
        return sp_format("%s/survey.yaml", input);
    const char *slash = strrchr(input, '/');
    if (!slash)
        return sp_strdup("survey.yaml");
    return sp_format("%.*s/survey.yaml", (int)(slash - input), input);
}

sp_error sp_run_load(sp_run *run, const sp_run_options *options,
                     char *const *inputs, size_t n_inputs, sp_diag *diag)
{
    *run = (sp_run){0};
    /* GSL's default error handler aborts the process; every GSL status is
     * checked instead. */
    gsl_set_error_handler_off();
    if (n_inputs == 0) {
        sp_diag_add(diag, SP_ERROR, NULL, 0, 0,
                    "no input given: name the export files or their folder");
        return SP_ERR_USAGE;
    }
    const char *spec_path = options->spec_path;
    char *default_path = NULL;
    if (!spec_path && !(spec_path = default_path =
                            sp_default_spec_path(inputs[0])))
        return SP_ERR_NOMEM;
    sp_error err = sp_spec_load(spec_path, &run->spec, diag);
    free(default_path);
    if (err)
        return err;
    if ((err = sp_ingest_list_inputs(inputs, n_inputs, &run->files,
                                     &run->n_files, diag)) != SP_OK)
        return err;
    sp_ingest_options ingest = {.keep_going = options->keep_going,
                                .threads = options->threads};
    return sp_ingest_files(run->spec, run->files, run->n_files, &ingest,
                           &run->dataset, diag);
}

typedef struct score_job {
    const sp_dataset *ds;
    sp_scores *scores;
    sp_error err;
} score_job;

static void *score_all_rows(void *arg)
{
    score_job *job = arg;
    job->err = sp_score_run(job->ds, NULL, &job->scores);
    return NULL;
}

sp_error sp_run_analyze(sp_run *run, const sp_analysis_options *opt,
                        sp_diag *diag)
{
    /* Every row is scored on a second thread while cleaning runs; the
     * rows it excludes are unscored after. */
    int threads = opt ? opt->drivers.threads : 1;
    score_job job = {.ds = run->dataset};
    pthread_t tid;
    int started = threads > 1 &&
                  pthread_create(&tid, NULL, score_all_rows, &job) == 0;
    sp_error err = sp_clean_run(run->dataset, threads, &run->cleaning, diag);
    if (started)
        pthread_join(tid, NULL);
    else if (!err)
        score_all_rows(&job);
    run->scores = job.scores;
    if (!err)
        err = job.err;
    if (!err)
        sp_scores_drop_excluded(run->scores, run->cleaning);
    if (!err)
        err = sp_analyze_run(run->dataset, run->cleaning, run->scores, opt,
                             &run->results, diag);
    return err;
}

void sp_run_close(sp_run *run)
{
    sp_results_free(run->results);
    sp_scores_free(run->scores);
    sp_cleaning_free(run->cleaning);
    sp_dataset_free(run->dataset);
    sp_ingest_free_list(run->files, run->n_files);
    sp_spec_free(run->spec);
    *run = (sp_run){0};
}
