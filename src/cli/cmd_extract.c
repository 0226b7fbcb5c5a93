/* cmd_extract.c — `fakt extract [FILE]`: one document in, one JSON object out. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: fakt extract [OPTIONS] [FILE]\n"
    "Reads one document (FILE, or stdin when absent or \"-\") and prints its\n"
    "extraction object as JSON: entities with code-point offsets.\n"
    "  --format json|factrueval  output format (factrueval: Track 1 lines \"per START LEN\")\n"
    "  --tokens                  add \"sentences\" and \"tokens\"\n"
    "  --professions             add \"professions\" (position phrases)\n"
    "  --gazetteer TSV           user names (NAME<TAB>PER|LOC|ORG[<TAB>SUBTYPE] lines),\n"
    "                            found in any inflected form, over the model's entities\n"
    "  --repair                  replace invalid UTF-8 and NUL bytes with U+FFFD\n"
    "                            instead of refusing the input (exit 2)\n";

int fakt_cli_extract(int argc, char **argv)
{
    const char *path = NULL, *gazp = NULL;
    int repair = 0, fre = 0;
    unsigned flags = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return FAKT_EXIT_OK;
        } else if (!strcmp(a, "--tokens")) {
            flags |= FAKT_JSON_TOKENS;
        } else if (!strcmp(a, "--professions")) {
            flags |= FAKT_JSON_PROFESSIONS;
        } else if (!strcmp(a, "--gazetteer") && i + 1 < argc) {
            gazp = argv[++i];
        } else if (!strcmp(a, "--repair")) {
            repair = 1;
        } else if (!strcmp(a, "--format") && i + 1 < argc) {
            const char *f = argv[++i];
            if (!strcmp(f, "factrueval"))
                fre = 1;
            else if (strcmp(f, "json")) {
                fprintf(stderr, "fakt extract: unknown format '%s'\n", f);
                return FAKT_EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "fakt extract: unknown option '%s'\n%s", a, usage);
            return FAKT_EXIT_USAGE;
        } else if (!path) {
            path = a;
        } else {
            fprintf(stderr, "fakt extract: one FILE at most\n%s", usage);
            return FAKT_EXIT_USAGE;
        }
    }
    char *text;
    size_t len;
    int rc = fakt_cli_read_text("extract", path, repair, &text, &len);
    if (rc)
        return rc;
    fakt_cli_res r;
    if ((rc = fakt_cli_open_res(&r, gazp, 0))) {
        free(text);
        return rc;
    }
    fakt_doc *doc;
    fakt_error e;
    if (fakt_doc_analyze_gaz(r.d, r.m, r.g, text, len, &doc, &e) != FAKT_OK) {
        fprintf(stderr, "fakt extract: %s\n", e.msg);
        rc = e.code == FAKT_ENOMEM ? FAKT_EXIT_IO : FAKT_EXIT_INPUT;
    } else {
        char *out;
        size_t olen;
        int wr = fre ? fakt_doc_factrueval(doc, &out, &olen) : fakt_doc_json(doc, flags, &out, &olen);
        if (wr != FAKT_OK) {
            fprintf(stderr, "fakt extract: %s\n", fakt_strerror(wr));
            rc = FAKT_EXIT_IO;
        } else {
            fwrite(out, 1, olen, stdout);
            if (!fre)
                putchar('\n');
            fakt_free(out);
        }
        fakt_doc_free(doc);
    }
    free(text);
    fakt_cli_close_res(&r);
    if (fflush(stdout) != 0 && !rc)
        rc = FAKT_EXIT_IO;
    return rc;
}
