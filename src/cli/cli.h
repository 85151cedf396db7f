/* cli.h - the command line: one function per subcommand, exit codes in one
 * place. Only the CLI prints to the terminal or exits. */
#ifndef SATPIPE_CLI_H
#define SATPIPE_CLI_H

#include "satpipe/error.h"

/* Exit codes (documented in the README and the man page). */
typedef enum cli_exit {
    CLI_EXIT_OK = 0,        /* done */
    CLI_EXIT_FAILURE = 1,   /* runtime, input data or output failure */
    CLI_EXIT_USAGE = 2,     /* bad command line or survey spec */
    CLI_EXIT_QUALITY = 3,   /* outputs written, but more responses were
                               excluded than cleaning: max_excluded allows */
} cli_exit;

int cli_run(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_gen(int argc, char **argv);
int cli_infer(int argc, char **argv);

/* The exit code for an error, after printing diag to stderr. */
int cli_finish(sp_error err, sp_diag *diag);
/* The same, printing only messages of severity `least` or graver. */
int cli_finish_at(sp_error err, sp_diag *diag, sp_severity least);

#endif
