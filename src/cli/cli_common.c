/* cli_common.c - what the subcommands share: mapping errors to exit codes
 * after printing the collected messages. */
#include "cli.h"

int cli_finish(sp_error err, sp_diag *diag)
{
    return cli_finish_at(err, diag, SP_WARNING);
}

int cli_finish_at(sp_error err, sp_diag *diag, sp_severity least)
{
    sp_diag_print(diag, least, stderr);
    if (err == SP_ERR_NOMEM)
        fprintf(stderr, "satpipe: error: %s\n", sp_strerror(err));
    switch (err) {
    case SP_OK:
        return CLI_EXIT_OK;
    case SP_ERR_USAGE:
    case SP_ERR_SPEC:
        return CLI_EXIT_USAGE;
    default:
        return CLI_EXIT_FAILURE;
    }
}
