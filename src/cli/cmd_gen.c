/* cmd_gen.c - 'satpipe gen': writes a synthetic SERVQUAL export. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "satpipe/gen.h"

static const char gen_usage[] =
    "Usage: satpipe gen --responses N [--seed S] [--files K] -o DIR\n"
    "Writes DIR/survey.yaml and K export files with N responses in all,\n"
    "drawn from a known SERVQUAL model; the same seed gives the same files.\n"
    "\n"
    "  -n, --responses N  number of responses (required)\n"
    "      --seed S       random seed (default 1)\n"
    "      --files K      number of export files (default 1)\n"
    "  -o, --output DIR   folder to write into (created if missing)\n"
    "  -h, --help         show this help\n";

/* Parses a positive whole number; 0 when text is not one. */
static int parse_count(const char *text, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || *end || end == text || text[0] == '-')
        return 0;
    *out = v;
    return 1;
}

int cli_gen(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"responses", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 'S'},
        {"files", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    sp_gen_options opt = {.seed = 1, .files = 1};
    unsigned long long v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:o:h", long_options, NULL)) != -1) {
        switch (c) {
        case 'n':
        case 'S':
        case 'f':
            if (!parse_count(optarg, &v)) {
                fprintf(stderr, "satpipe gen: '%s' is not a whole number\n",
                        optarg);
                return CLI_EXIT_USAGE;
            }
            if (c == 'n')
                opt.responses = (size_t)v;
            else if (c == 'S')
                opt.seed = (unsigned long)v;
            else
                opt.files = (size_t)v;
            break;
        case 'o':
            opt.dir = optarg;
            break;
        case 'h':
            fputs(gen_usage, stdout);
            return CLI_EXIT_OK;
        default:
            fputs(gen_usage, stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (!opt.dir || !opt.responses || optind != argc) {
        fputs(gen_usage, stderr);
        return CLI_EXIT_USAGE;
    }
    if (mkdir(opt.dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: error: cannot create folder: %s\n", opt.dir,
                strerror(errno));
        return CLI_EXIT_FAILURE;
    }
    sp_diag *diag = sp_diag_new();
    sp_error err = diag ? sp_gen_write(&opt, diag) : SP_ERR_NOMEM;
    if (!err)
        printf("Wrote %zu responses in %zu file%s and survey.yaml to %s\n",
               opt.responses, opt.files, opt.files == 1 ? "" : "s", opt.dir);
    int status = cli_finish(err, diag);
    sp_diag_free(diag);
    return status;
}
