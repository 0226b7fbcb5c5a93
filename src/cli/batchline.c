/*
 * batchline.c — one JSON Lines record of `fakt batch` in, one output line
 * out.  Kept apart from the command so a fuzz target (fuzz/fuzz_batch.c)
 * can drive exactly the code that reads untrusted lines.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/core.h"

static char *error_line(const char *id_json, size_t lineno, const char *msg, size_t *olen)
{
    fakt_buf b;
    char *fixed = NULL;
    size_t flen = strlen(msg);
    /* jansson quotes the offending input in its messages, possibly cut in
     * the middle of a character: repair so the output stays valid UTF-8. */
    if (fakt_utf8_check(msg, flen, NULL) != FAKT_OK &&
        fakt_utf8_repair(msg, flen, &fixed, &flen) == FAKT_OK)
        msg = fixed;
    fakt_buf_init(&b);
    fakt_buf_printf(&b, "{\"id\":%s,\"line\":%zu,\"error\":", id_json ? id_json : "null", lineno);
    fakt_buf_json_str(&b, msg, flen);
    fakt_buf_putc(&b, '}');
    free(fixed);
    return fakt_buf_take(&b, olen);
}

char *fakt_cli_batch_line(const fakt_dict *d, const fakt_model *m,
                          const fakt_gazetteer *g, unsigned flags,
                          const char *line, size_t len, size_t lineno, size_t *olen,
                          int *failed)
{
    char *out = NULL;
    *failed = 0;
    json_error_t jerr;
    char msg[320];
    size_t bad;
    if (len == 0) {
        out = error_line(NULL, lineno, "empty line", olen);
        *failed = 1;
        return out;
    }
    /* jansson wants valid UTF-8; say where it is not, as the other commands do. */
    if (fakt_utf8_check(line, len, &bad) != FAKT_OK) {
        snprintf(msg, sizeof msg, "%s at byte %zu of the line",
                 line[bad] ? "invalid UTF-8" : "NUL byte", bad);
        out = error_line(NULL, lineno, msg, olen);
        *failed = 1;
        return out;
    }
    json_t *root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        snprintf(msg, sizeof msg, "malformed JSON at column %d: %s", jerr.column, jerr.text);
        out = error_line(NULL, lineno, msg, olen);
        *failed = 1;
        return out;
    }
    char *id = NULL;
    json_t *jid = json_is_object(root) ? json_object_get(root, "id") : NULL;
    if (jid)
        id = json_dumps(jid, JSON_COMPACT | JSON_ENCODE_ANY);
    json_t *jt = json_is_object(root) ? json_object_get(root, "text") : NULL;
    if (!json_is_object(root) || !json_is_string(jt)) {
        out = error_line(id, lineno,
                            json_is_object(root) ? "\"text\" is missing or not a string"
                                                 : "the line is not a JSON object",
                            olen);
        *failed = 1;
    } else {
        fakt_doc *doc;
        fakt_error e;
        if (fakt_doc_analyze_gaz(d, m, g, json_string_value(jt), json_string_length(jt), &doc,
                             &e) != FAKT_OK) {
            out = error_line(id, lineno, e.msg, olen);
            *failed = 1;
        } else {
            char *js;
            size_t jl;
            if (fakt_doc_json(doc, flags, &js, &jl) != FAKT_OK) {
                out = error_line(id, lineno, "out of memory", olen);
                *failed = 1;
            } else {
                /* Put "id" first: {"id":…,<rest of the object>. */
                fakt_buf b;
                fakt_buf_init(&b);
                fakt_buf_printf(&b, "{\"id\":%s,", id ? id : "null");
                fakt_buf_add(&b, js + 1, jl - 1);
                fakt_free(js);
                out = fakt_buf_take(&b, olen);
            }
            fakt_doc_free(doc);
        }
    }
    free(id);
    json_decref(root);
    return out;
}

