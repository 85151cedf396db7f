/* cmd_run.c - 'satpipe run' and 'satpipe check': the pipeline, then
 * (for run) the report. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "satpipe/history.h"
#include "satpipe/pipeline.h"
#include "satpipe/report.h"

static const char run_usage[] =
    "Usage: satpipe run [-s SPEC] [-o OUT.xlsx] [--json OUT.json] INPUT...\n"
    "Analyses the exports and writes the workbook.\n"
    "\n"
    "  INPUT             export files, or folders (every *.csv inside)\n"
    "  -s, --spec SPEC   survey spec (default: survey.yaml beside the\n"
    "                    first input)\n"
    "  -o, --output FILE workbook to write (default: satpipe.xlsx)\n"
    "      --json FILE   also write the figures as JSON\n"
    "      --cleaned FILE.csv  also write the valid responses, recoded,\n"
    "                    with dimension scores\n"
    "      --recovery FILE.csv  also write the customers to call back\n"
    "                    (the Recovery sheet, uncapped) for a CRM import\n"
    "      --exclusions FILE.csv  also write every excluded response and\n"
    "                    why (the Exclusions sheet, uncapped)\n"
    "      --seed S      seed of the bootstrap (default 1): the same seed\n"
    "                    gives the same intervals\n"
    "      --bootstrap N resamples for the driver intervals (default\n"
    "                    1000; 0: none)\n"
    "      --wave LABEL  the wave of every response of this run (over the\n"
    "                    spec's wave column, if any)\n"
    "      --history DB  keep this run's figures by wave in an SQLite file\n"
    "                    and show the trend of the last 8 waves\n"
    "      --keep-going  skip an input file that cannot be read (the\n"
    "                    workbook and JSON say which, and why)\n"
    "      --threads N   1, or 2 (default): read, analyse and resample\n"
    "                    on both cores; the output is the same\n"
    "  -q, --quiet       print errors only\n"
    "  -v, --verbose     print what was read and written, and how long\n"
    "                    each step took, also when not on a terminal\n"
    "  -h, --help        show this help\n"
    "\n"
    "On a terminal a progress line shows on stderr and a summary on stdout;\n"
    "under cron (no terminal) only warnings and errors are printed.\n"
    "The same input and options give the same bytes. The workbook's date\n"
    "is SOURCE_DATE_EPOCH when set, else the latest submission in the\n"
    "data, else 1980-01-01.\n"
    "\n"
    "Exit status: 0 done; 1 an input could not be read or an output\n"
    "written; 2 bad command line or spec; 3 outputs written, but more\n"
    "responses were excluded than cleaning: max_excluded allows. Outputs\n"
    "appear whole or not at all.\n";

static const char check_usage[] =
    "Usage: satpipe check [-s SPEC] INPUT...\n"
    "Validates the spec and the exports and reports what a run would read;\n"
    "writes nothing.\n"
    "\n"
    "  -s, --spec SPEC   survey spec (default: survey.yaml beside the\n"
    "                    first input)\n"
    "      --keep-going  skip an input file that cannot be read\n"
    "      --threads N   1, or 2 (default): read files on both cores\n"
    "  -q, --quiet       print errors only\n"
    "  -h, --help        show this help\n"
    "\n"
    "Exit status: 0 valid; 1 bad input data or I/O failure; 2 bad command\n"
    "line or spec.\n";

typedef struct run_options {
    sp_run_options run;
    const char *output, *json, *cleaned, *recovery, *exclusions, *history;
    char **inputs;
    int n_inputs;
    long long document_time;   /* SOURCE_DATE_EPOCH; 0: from the data */
    int verbosity;             /* -1 --quiet, 0 default, 1 --verbose */
} run_options;

/* A whole number of base 10 into *out; 0 when text is anything else. */
static int parse_whole(const char *text, unsigned long long *out)
{
    char *end;
    errno = 0;
    *out = strtoull(text, &end, 10);
    return !errno && end != text && !*end && text[0] != '-' &&
           text[0] != '+' && text[0] != ' ';
}

/* Parses options; returns -1 to go on, else an exit code. */
static int parse_options(int argc, char **argv, int with_outputs,
                         const char *usage, run_options *o)
{
    static const struct option long_options[] = {
        {"spec", required_argument, NULL, 's'},
        {"output", required_argument, NULL, 'o'},
        {"json", required_argument, NULL, 'j'},
        {"keep-going", no_argument, NULL, 'k'},
        {"cleaned", required_argument, NULL, 'c'},
        {"recovery", required_argument, NULL, 'r'},
        {"exclusions", required_argument, NULL, 'x'},
        {"seed", required_argument, NULL, 'S'},
        {"bootstrap", required_argument, NULL, 'B'},
        {"wave", required_argument, NULL, 'W'},
        {"history", required_argument, NULL, 'H'},
        {"threads", required_argument, NULL, 'T'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    *o = (run_options){.output = "satpipe.xlsx", .run.threads = 2,
                       .run.analysis.drivers = {.resamples = 1000,
                                                .seed = 1, .threads = 2}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, with_outputs ? "s:o:qvh" : "s:qvh",
                            long_options, NULL)) != -1) {
        switch (c) {
        case 's':
            o->run.spec_path = optarg;
            break;
        case 'k':
            o->run.keep_going = 1;
            break;
        case 'q':
        case 'v':
            o->verbosity = c == 'q' ? -1 : 1;
            break;
        case 'W':
            o->run.analysis.wave = optarg;
            break;
        case 'H':
            if (!with_outputs)
                goto bad;
            o->history = optarg;
            break;
        case 'T':
            if (strcmp(optarg, "1") != 0 && strcmp(optarg, "2") != 0) {
                fprintf(stderr, "satpipe: --threads takes 1 or 2, not "
                                "'%s'\n", optarg);
                goto bad;
            }
            o->run.threads = o->run.analysis.drivers.threads = optarg[0] - '0';
            break;
        case 'S':
        case 'B': {
            unsigned long long v;
            if (!parse_whole(optarg, &v) || v > ULONG_MAX) {
                fprintf(stderr, "satpipe: '%s' is not a whole number\n",
                        optarg);
                goto bad;
            }
            if (c == 'S')
                o->run.analysis.drivers.seed = v;
            else
                o->run.analysis.drivers.resamples = v;
            break;
        }
        case 'o':
        case 'j':
        case 'c':
        case 'r':
        case 'x':
            if (!with_outputs)
                goto bad;
            *(c == 'o'   ? &o->output
              : c == 'j' ? &o->json
              : c == 'c' ? &o->cleaned
              : c == 'r' ? &o->recovery
                         : &o->exclusions) = optarg;
            break;
        case 'h':
            fputs(usage, stdout);
            return CLI_EXIT_OK;
        default:
            goto bad;
        }
    }
    o->inputs = argv + optind;
    o->n_inputs = argc - optind;
    /* The reproducible-builds convention: dates in outputs come from here. */
    const char *epoch = with_outputs ? getenv("SOURCE_DATE_EPOCH") : NULL;
    if (epoch && *epoch) {
        unsigned long long t;
        if (!parse_whole(epoch, &t) || t == 0 || t > 253402300799ULL) {
            fprintf(stderr, "satpipe: SOURCE_DATE_EPOCH='%s' is not a time "
                            "in seconds since 1970 (before year 10000); "
                            "set it to e.g. $(date +%%s) or unset it\n",
                    epoch);
            return CLI_EXIT_USAGE;
        }
        o->document_time = (long long)t;
    }
    if (o->n_inputs == 0) {
        fputs("satpipe: no input given: name the export files or their "
              "folder\n", stderr);
        goto bad;
    }
    return -1;
bad:
    fputs(usage, stderr);
    return CLI_EXIT_USAGE;
}

/* What the person at a terminal sees while the run goes: one line on
 * stderr, rewritten per step and erased at the end; with --verbose, one
 * line per step with its time instead. */
typedef struct run_progress {
    int live, timed;
    struct timespec since;
} run_progress;

static double progress_seconds(run_progress *p)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double s = (double)(now.tv_sec - p->since.tv_sec) +
               1e-9 * (double)(now.tv_nsec - p->since.tv_nsec);
    p->since = now;
    return s;
}

/* Call with the step about to start, then with the one that just ended;
 * step NULL ends the line. */
static void progress_step(run_progress *p, const char *starting,
                          const char *done)
{
    if (p->timed && done)
        fprintf(stderr, "satpipe: %s in %.2f s\n", done, progress_seconds(p));
    if (p->live)
        fprintf(stderr, starting ? "\rsatpipe: %s\u2026\033[K"
                                 : "\r\033[K%s", starting ? starting : "");
}

static void print_counts(const sp_results *res)
{
    printf("%zu responses read from %zu file%s: %zu valid, %zu excluded\n",
           res->read, res->n_sources, res->n_sources == 1 ? "" : "s",
           res->valid, res->excluded);
}

int cli_run(int argc, char **argv)
{
    run_options o;
    int status = parse_options(argc, argv, 1, run_usage, &o);
    if (status >= 0)
        return status;
    sp_diag *diag = sp_diag_new();
    if (!diag)
        return cli_finish(SP_ERR_NOMEM, NULL);
    run_progress progress = {.live = o.verbosity == 0 && isatty(2),
                             .timed = o.verbosity > 0};
    progress_seconds(&progress);
    progress_step(&progress, "reading", NULL);
    sp_run run;
    sp_error err = sp_run_load(&run, &o.run, o.inputs, (size_t)o.n_inputs,
                               diag);
    if (!err) {
        progress_step(&progress, "cleaning and analysing", "read");
        err = sp_run_analyze(&run, &o.run.analysis, diag);
    }
    if (!err)
        progress_step(&progress, "writing", "cleaned and analysed");
    /* The history's transaction spans the outputs: both or neither. */
    sp_history *history = NULL;
    if (!err && o.history &&
        !(err = sp_history_open(o.history, &history, diag)) &&
        (err = sp_history_stage(history, run.spec->path, run.results,
                                diag)) == SP_OK)
        err = sp_findings_compute(run.results);   /* with the trend */
    if (!err) {
        sp_report_data data = {run.results, run.dataset, run.cleaning,
                               run.scores, o.document_time};
        sp_report_paths paths = {o.output, o.json, o.cleaned, o.recovery,
                                 o.exclusions};
        err = sp_report_write(&data, &paths, diag);
    }
    if (!err && history)
        err = sp_history_commit(history, diag);
    sp_history_close(history);
    if (!err)
        progress_step(&progress, NULL, "wrote the outputs");
    else
        progress_step(&progress, NULL, NULL);
    int gate_failed = !err && run.results->gate_failed;
    if (!err && (o.verbosity > 0 || (o.verbosity == 0 && isatty(1)))) {
        print_counts(run.results);
        printf("Wrote %s", o.output);
        const char *more[] = {o.json, o.cleaned, o.recovery,
                              o.exclusions};
        for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
            if (more[i])
                printf(", %s", more[i]);
        putchar('\n');
    }
    if (gate_failed)
        sp_diag_add(diag, SP_WARNING, NULL, 0, 0,
                    "quality gate failed: %.1f%% of responses were excluded, "
                    "more than the %.0f%% cleaning: max_excluded allows "
                    "(exit status 3); see the Data quality sheet",
                    100 * run.results->excluded_share,
                    100 * run.results->max_excluded);
    sp_run_close(&run);
    status = cli_finish_at(err, diag, o.verbosity < 0 ? SP_ERROR : SP_WARNING);
    if (status == CLI_EXIT_OK && gate_failed)
        status = CLI_EXIT_QUALITY;
    sp_diag_free(diag);
    return status;
}

int cli_check(int argc, char **argv)
{
    run_options o;
    int status = parse_options(argc, argv, 0, check_usage, &o);
    if (status >= 0)
        return status;
    sp_diag *diag = sp_diag_new();
    if (!diag)
        return cli_finish(SP_ERR_NOMEM, NULL);
    sp_run run;
    o.run.analysis.drivers.resamples = 0;   /* checking needs no intervals */
    sp_error err = sp_run_load(&run, &o.run, o.inputs, (size_t)o.n_inputs,
                               diag);
    if (!err)
        err = sp_run_analyze(&run, &o.run.analysis, diag);
    if (!err && o.verbosity >= 0) {
        print_counts(run.results);
        printf("%s: valid; %zu warning%s\n", run.spec->path,
               diag->warnings, diag->warnings == 1 ? "" : "s");
    }
    sp_run_close(&run);
    status = cli_finish_at(err, diag, o.verbosity < 0 ? SP_ERROR : SP_WARNING);
    sp_diag_free(diag);
    return status;
}
