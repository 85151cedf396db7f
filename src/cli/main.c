/* main.c - satpipe's entry point: dispatches to a subcommand. */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "satpipe/report.h"
#include "satpipe/version.h"

static const char usage[] =
    "Usage: satpipe COMMAND [OPTIONS]\n"
    "Turns customer-satisfaction survey exports into an Excel workbook.\n"
    "\n"
    "Commands:\n"
    "  run    analyse exports and write the workbook (and JSON)\n"
    "  check  validate the spec and the exports; write nothing\n"
    "  infer  print a draft spec for a folder of exports\n"
    "  gen    write a synthetic SERVQUAL export and its spec\n"
    "\n"
    "'satpipe COMMAND --help' describes a command; 'man satpipe' has the\n"
    "spec format and the exit codes.\n";

/* SIGINT, SIGTERM, SIGHUP: the outputs' temporary files go, then the
 * signal does what it would have done (the shell sees the same status). */
static void on_stop_signal(int sig)
{
    sp_report_remove_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
}

int main(int argc, char **argv)
{
    static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof stop_signals / sizeof *stop_signals; i++) {
        struct sigaction old, sa = {.sa_handler = on_stop_signal};
        sigemptyset(&sa.sa_mask);
        /* A signal ignored by whoever started us (nohup, a background
         * job) stays ignored. */
        if (sigaction(stop_signals[i], NULL, &old) == 0 &&
            old.sa_handler != SIG_IGN)
            sigaction(stop_signals[i], &sa, NULL);
    }
    /* Blocks of 1 MiB or more (a large export's columns, per-run buffers)
     * straight from mmap, and back to the system when freed. Left to
     * itself, glibc raises this threshold after the first large free and
     * keeps later large blocks in the heap, where freed memory stays
     * resident: 15% of the peak at 10^6 responses (docs/PERFORMANCE.md). */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    if (argc < 2) {
        fputs(usage, stderr);
        return CLI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    int status;
    if (strcmp(cmd, "run") == 0)
        status = cli_run(argc - 1, argv + 1);
    else if (strcmp(cmd, "check") == 0)
        status = cli_check(argc - 1, argv + 1);
    else if (strcmp(cmd, "infer") == 0)
        status = cli_infer(argc - 1, argv + 1);
    else if (strcmp(cmd, "gen") == 0)
        status = cli_gen(argc - 1, argv + 1);
    else if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage, stdout);
        status = CLI_EXIT_OK;
    } else if (strcmp(cmd, "--version") == 0) {
        printf("satpipe %s\n", SP_VERSION);
        status = CLI_EXIT_OK;
    } else {
        fprintf(stderr, "satpipe: unknown command '%s'\n\n%s", cmd, usage);
        return CLI_EXIT_USAGE;
    }
    /* A full disk or closed stdout must not pass for success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("satpipe: writing to standard output");
        return CLI_EXIT_FAILURE;
    }
    return status;
}
