/* file.c — whole-file reads and read-only mappings for data files. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"

int fakt_read_file(const char *path, char **out, size_t *len, fakt_error *err)
{
    int fd = 0;
    int own = path && strcmp(path, "-") != 0;
    if (own) {
        fd = open(path, O_RDONLY);
        if (fd < 0)
            return fakt_err(err, FAKT_EIO, "%s: %s", path, strerror(errno));
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        if (own)
            close(fd);
        return fakt_err(err, FAKT_ENOMEM, "out of memory reading %s", own ? path : "stdin");
    }
    for (;;) {
        if (cap - n < 2) {
            char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                if (own)
                    close(fd);
                return fakt_err(err, FAKT_ENOMEM, "out of memory reading %s", own ? path : "stdin");
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            if (own)
                close(fd);
            return fakt_err(err, FAKT_EIO, "%s: %s", own ? path : "stdin", strerror(e));
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (own)
        close(fd);
    buf[n] = 0;
    *out = buf;
    *len = n;
    return FAKT_OK;
}

int fakt_map_file(const char *path, fakt_map *m, fakt_error *err)
{
    memset(m, 0, sizeof *m);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return fakt_err(err, FAKT_EIO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return fakt_err(err, FAKT_EIO, "%s: %s", path, strerror(e));
    }
    if (st.st_size == 0) {
        close(fd);
        return fakt_err(err, FAKT_EFORMAT, "%s: empty file", path);
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return fakt_err(err, FAKT_EIO, "%s: mmap: %s", path, strerror(errno));
    m->data = p;
    m->size = (size_t)st.st_size;
    return FAKT_OK;
}

/* The file is read into anonymous memory aligned to 2 MB and advised for
 * transparent huge pages rather than mapped: tables read at random all
 * over several MB (the NER weights, the morphology hot table) miss the TLB
 * on nearly every read with 4 KB pages, and page cache mappings cannot get
 * huge ones.  The region is made read-only once filled, so the data stays
 * immutable as a mapping would be; fakt_unmap releases it. */
#define HUGE_PAGE ((size_t)2 << 20)

int fakt_map_huge(const char *path, size_t shift, fakt_map *m, const unsigned char **bytes, size_t *n,
                  fakt_error *err)
{
    memset(m, 0, sizeof *m);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return fakt_err(err, FAKT_EIO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0 || (uint64_t)st.st_size > ((uint64_t)1 << 40)) {
        int e = errno;
        close(fd);
        return st.st_size == 0 ? fakt_err(err, FAKT_EFORMAT, "%s: empty file", path)
                               : fakt_err(err, FAKT_EIO, "%s: %s", path, strerror(e));
    }
    size_t size = (size_t)st.st_size;
    shift %= HUGE_PAGE;
    size_t region = (shift + size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    /* Over-allocate by one huge page and trim to an aligned region. */
    unsigned char *raw = mmap(NULL, region + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        close(fd);
        return fakt_err(err, FAKT_ENOMEM, "%s: out of memory (%zu bytes)", path, size);
    }
    unsigned char *base = (unsigned char *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (base > raw)
        munmap(raw, (size_t)(base - raw));
    if (base + region < raw + region + HUGE_PAGE)
        munmap(base + region, (size_t)(raw + region + HUGE_PAGE - (base + region)));
#ifdef MADV_HUGEPAGE
    madvise(base, region, MADV_HUGEPAGE); /* advice only: 4 KB pages still work */
#endif
    unsigned char *p = base + shift;
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, p + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            int e = r < 0 ? errno : 0;
            close(fd);
            munmap(base, region);
            return e ? fakt_err(err, FAKT_EIO, "%s: read: %s", path, strerror(e))
                     : fakt_err(err, FAKT_EFORMAT, "%s: file shrank while being read", path);
        }
        got += (size_t)r;
    }
    close(fd);
    mprotect(base, region, PROT_READ);
    m->data = base;
    m->size = region;
    *bytes = p;
    *n = size;
    return FAKT_OK;
}

int fakt_map_load(const char *path, int huge, size_t shift, fakt_map *m, const unsigned char **bytes,
                  size_t *n, fakt_error *err)
{
    if (huge)
        return fakt_map_huge(path, shift, m, bytes, n, err);
    int rc = fakt_map_file(path, m, err);
    *bytes = m->data;
    *n = m->size;
    return rc;
}

void fakt_unmap(fakt_map *m)
{
    if (m && m->data)
        munmap((void *)m->data, m->size);
    if (m)
        memset(m, 0, sizeof *m);
}
