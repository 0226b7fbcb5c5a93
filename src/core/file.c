/* file.c — whole-file reads and read-only mappings for data files. */
#include <errno.h>
#include <fcntl.h>
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

void fakt_unmap(fakt_map *m)
{
    if (m && m->data)
        munmap((void *)m->data, m->size);
    if (m)
        memset(m, 0, sizeof *m);
}
