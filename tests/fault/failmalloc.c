/* failmalloc.c - an allocation-failure injector for the tests, preloaded
 * (LD_PRELOAD) into satpipe: with FAILMALLOC_SITES=FILE it writes to FILE
 * every place in satpipe's own code that calls malloc, calloc or realloc,
 * in the order first reached; with FAILMALLOC_SITE=OFFSET the first call
 * from that place (an offset into the executable, so that it holds from
 * run to run) returns NULL, and FAILMALLOC_HIT=FILE is created when it
 * did. Calls from the libraries are never failed. Not for sanitizer
 * builds, which bring their own allocator. */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);

static uintptr_t exe_start, exe_end;   /* satpipe's own code */
static int ready;
static uintptr_t sites[1 << 14];
static size_t n_sites;
static uintptr_t fail_site;
static int failing, failed;

static int find_exe(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    for (int i = 0; i < info->dlpi_phnum; i++) {   /* the first: the program */
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
            exe_start = info->dlpi_addr + ph->p_vaddr;
            exe_end = exe_start + ph->p_memsz;
        }
    }
    return 1;
}

static void setup(void)
{
    ready = 1;
    dl_iterate_phdr(find_exe, NULL);
    const char *site = getenv("FAILMALLOC_SITE");
    if (site) {
        fail_site = (uintptr_t)strtoull(site, NULL, 0);
        failing = 1;
    }
}

/* Whether this call, from `from`, is the one to fail; records sites. */
static int should_fail(void *from)
{
    if (!ready)
        setup();
    uintptr_t at = (uintptr_t)from;
    if (at < exe_start || at >= exe_end)
        return 0;
    at -= exe_start;
    if (failing) {
        if (!failed && at == fail_site) {
            failed = 1;
            const char *hit = getenv("FAILMALLOC_HIT");
            if (hit)
                close(open(hit, O_WRONLY | O_CREAT, 0644));
            return 1;
        }
        return 0;
    }
    for (size_t i = 0; i < n_sites; i++)
        if (sites[i] == at)
            return 0;
    if (n_sites < sizeof sites / sizeof *sites)
        sites[n_sites++] = at;
    return 0;
}

void *malloc(size_t size)
{
    return should_fail(__builtin_return_address(0)) ? NULL
                                                    : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    return should_fail(__builtin_return_address(0)) ? NULL
                                                    : __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    return should_fail(__builtin_return_address(0)) ? NULL
                                                    : __libc_realloc(p, size);
}

__attribute__((destructor)) static void write_sites(void)
{
    const char *path = getenv("FAILMALLOC_SITES");
    if (!path || failing)
        return;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    for (size_t i = 0; i < n_sites; i++) {
        char line[32];
        int n = snprintf(line, sizeof line, "%#lx\n", (unsigned long)sites[i]);
        if (write(fd, line, (size_t)n) != n)
            break;
    }
    close(fd);
}
