/* cmd_infer.c - 'satpipe infer': a draft survey spec from the exports. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "satpipe/ingest.h"

static const char infer_usage[] =
    "Usage: satpipe infer [-o SPEC.yaml] INPUT...\n"
    "Reads the exports' headers and a sample of rows and prints a draft\n"
    "survey spec: layout, encoding, id/duration/comment columns, rating\n"
    "items grouped into dimensions, scale, overall and NPS questions, each\n"
    "guess with a comment saying why. Check it, then 'satpipe run -s'.\n"
    "\n"
    "  -o, --output FILE  write the draft there (never over an existing\n"
    "                     file) instead of to standard output\n"
    "  -h, --help         show this help\n";

int cli_infer(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *output = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", long_options, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'h':
            fputs(infer_usage, stdout);
            return CLI_EXIT_OK;
        default:
            fputs(infer_usage, stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind == argc) {
        fputs("satpipe: no input given: name the export files or their "
              "folder\n", stderr);
        fputs(infer_usage, stderr);
        return CLI_EXIT_USAGE;
    }
    sp_diag *diag = sp_diag_new();
    if (!diag)
        return cli_finish(SP_ERR_NOMEM, NULL);
    char **files = NULL;
    size_t n_files = 0;
    sp_error err = sp_ingest_list_inputs(argv + optind,
                                         (size_t)(argc - optind), &files,
                                         &n_files, diag);
    FILE *out = stdout;
    if (!err && output && !(out = fopen(output, "wx"))) {
        sp_diag_add(diag, SP_ERROR, output, 0, 0, "cannot write: %s%s",
                    strerror(errno),
                    errno == EEXIST ? " (infer never overwrites a spec)" : "");
        err = SP_ERR_IO;
    }
    if (!err)
        err = sp_ingest_infer(files, n_files, out, diag);
    if (out && out != stdout && fclose(out) != 0 && !err) {
        sp_diag_add(diag, SP_ERROR, output, 0, 0, "cannot write: %s",
                    strerror(errno));
        err = SP_ERR_IO;
    }
    if (err && output && out != stdout && out)
        remove(output);
    sp_ingest_free_list(files, n_files);
    int status = cli_finish(err, diag);
    sp_diag_free(diag);
    return status;
}
