/* fuzz_marked.c — arbitrary bytes as marked text (`fakt eval ner --marked`):
 * refused with a message, or read into documents whose gold spans lie
 * inside their text, non-empty, in order and on valid UTF-8. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "ner/nerint.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/fakt-fuzz-marked-%d.txt", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    fakt_ner_corpus c = {0};
    fakt_error e;
    int rc = fakt_ner_read_marked(path, &c, &e);
    unlink(path); /* read whole at open; leave nothing in /tmp */
    if (rc != FAKT_OK && !e.msg[0])
        abort(); /* a refusal always says why */
    for (size_t i = 0; i < c.n; i++) {
        const fakt_ner_doc *d = &c.docs[i];
        if (strlen(d->text) != d->len || fakt_utf8_check(d->text, d->len, NULL) != FAKT_OK)
            abort();
        size_t ncp = fakt_utf8_count(d->text, d->len);
        for (uint32_t k = 0; k < d->ngold; k++)
            if (d->gold[k].start >= d->gold[k].end || d->gold[k].end > ncp ||
                (k && d->gold[k].start < d->gold[k - 1].end) || d->gold[k].type < 1 || d->gold[k].type > 3)
                abort();
    }
    fakt_ner_corpus_free(&c);
    return 0;
}
