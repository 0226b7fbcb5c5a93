/* cmd_eval.c — `fakt eval WHAT ...`: quality measures over the corpora. */
#include <string.h>

#include "cli.h"

int fakt_cli_eval(int argc, char **argv)
{
    static const char usage[] =
        "usage: fakt eval tokens [DEVSET_DIR]   token/sentence boundary F1 against factRuEval *.tokens\n"
        "       fakt eval ner [OPTIONS]         NER quality (naeval token F1, exact-span P/R/F1)\n"
        "DEVSET_DIR defaults to ../shared/corpora/factrueval-2016/devset\n";
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? FAKT_EXIT_USAGE : FAKT_EXIT_OK;
    }
    if (!strcmp(argv[1], "tokens"))
        return fakt_cli_eval_tokens(argc - 1, argv + 1);
    if (!strcmp(argv[1], "ner"))
        return fakt_cli_eval_ner(argc - 1, argv + 1);
    fprintf(stderr, "fakt eval: unknown measure '%s'\n%s", argv[1], usage);
    return FAKT_EXIT_USAGE;
}
