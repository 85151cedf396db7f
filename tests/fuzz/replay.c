/* replay.c - runs a fuzz target (linked with it) on inputs, as libFuzzer
 * would, without libFuzzer: make check replays the seed corpora and the
 * inputs fuzzing once broke (tests/fuzz/regressions/) this way, under the
 * sanitizers of its build. Usage: replay [--ext .csv] FILE|DIR...; a
 * folder is walked, taking its files that end with the extension. */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static const char *ext;   /* files taken from folders end with it */
static int replayed;

static int replay_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return 1;
    }
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    rewind(fp);
    uint8_t *data = malloc(n > 0 ? (size_t)n : 1);
    int bad = !data || fread(data, 1, (size_t)n, fp) != (size_t)n;
    fclose(fp);
    if (bad) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(data);
        return 1;
    }
    LLVMFuzzerTestOneInput(data, (size_t)n);
    free(data);
    replayed++;
    return 0;
}

static int visit(const char *path, const struct stat *st, int type,
                 struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    size_t len = strlen(path), elen = ext ? strlen(ext) : 0;
    if (type != FTW_F || (ext && (len < elen || strcmp(path + len - elen, ext))))
        return 0;
    return replay_file(path);
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--ext") == 0 && i + 1 < argc) {
            ext = argv[++i];
            continue;
        }
        if (nftw(argv[i], visit, 16, FTW_PHYS) != 0)
            return 1;
    }
    printf("replayed %d input%s\n", replayed, replayed == 1 ? "" : "s");
    return 0;
}
