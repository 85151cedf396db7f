/* fuzz_spec.c - libFuzzer target for the spec parser: any bytes as
 * survey.yaml. Nothing may crash, leak, read out of bounds or hang; a bad
 * spec is only ever an error code with messages. */
#include <stddef.h>
#include <stdint.h>

#include "satpipe/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sp_diag *diag = sp_diag_new();
    sp_spec *spec = NULL;
    if (diag)
        sp_spec_load_buffer("fuzz.yaml", (const char *)data, size, &spec,
                            diag);
    sp_spec_free(spec);
    sp_diag_free(diag);
    return 0;
}
