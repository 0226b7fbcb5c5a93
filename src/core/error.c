/* error.c — status codes, messages, version. */
#include <stdio.h>
#include <stdlib.h>

#include "core.h"

const char *fakt_strerror(int code)
{
    switch (code) {
    case FAKT_OK: return "ok";
    case FAKT_ENOMEM: return "out of memory";
    case FAKT_EIO: return "input/output error";
    case FAKT_EFORMAT: return "corrupt or unsupported data file";
    case FAKT_EUTF8: return "invalid UTF-8";
    case FAKT_EINVAL: return "invalid argument";
    case FAKT_ELIMIT: return "input too large";
    case FAKT_ENOTFOUND: return "not found";
    default: return "unknown error";
    }
}

const char *fakt_version(void) { return FAKT_VERSION; }

void fakt_free(void *p) { free(p); }

int fakt_err(fakt_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}
