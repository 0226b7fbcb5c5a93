/* gazetteer.h — user gazetteers (see gazetteer.c), private side. */
#ifndef FAKT_GAZETTEER_H
#define FAKT_GAZETTEER_H

#include "ner/ner.h"

/* The gazetteer's names found in a segmented document, as token ranges in
 * order, not overlapping (longest first at each token).  Arena-allocated. */
int fakt_gazetteer_match(const fakt_gazetteer *g, const fakt_dict *d, const char *text,
                         const fakt_seg *seg, fakt_arena *a, fakt_ent **out, uint32_t *nout);

#endif
