# fakt — build, test, bench, fuzz.  GNU Make.
#
#   make            library (build/libfakt.a, build/libfakt.so) and CLI (build/fakt)
#   make setup      Debian packages + dictionary (tools/setup.sh), then build
#   make test       the whole suite as CI runs it (setup, check, check under sanitizers)
#   make check      unit suites, symbol check, CLI golden tests
#   make check SANITIZE=1   the same under AddressSanitizer + UBSan (build-san/)
#   make bench      benchmarks on one core (bench/run.sh)
#   make fuzz       libFuzzer targets, bounded time (FUZZ_SECONDS each)
#   make model      retrain models/ner.fkm from ../shared/corpora
#
# Several builds can coexist: BUILD=dir picks the output folder.

CC ?= cc
SANITIZE ?=
ifeq ($(SANITIZE),1)
BUILD ?= build-san
OPT ?= -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDSAN = -fsanitize=address,undefined
else
BUILD ?= build
OPT ?= -O2
LDSAN =
endif

WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS ?= $(OPT) -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden -Iinclude -Isrc
LDLIBS = -lm -lpthread
# The CLI alone parses JSON Lines input (jansson).
CLI_LDLIBS = -ljansson

# The library: every stage folder under src/ except the CLI.
LIB_DIRS = src/core src/text src/morph src/ner src/pipeline
LIB_SRC = $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_SRC = $(wildcard src/cli/*.c)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC = $(wildcard tests/*.c)
TEST_OBJ = $(TEST_SRC:%.c=$(BUILD)/obj/%.o)
HEADERS = include/fakt.h $(wildcard src/*/*.h) $(wildcard tests/*.h)

.PHONY: all setup dict check test bench fuzz model clean symbols distclean
all: $(BUILD)/libfakt.a $(BUILD)/libfakt.so $(BUILD)/fakt

$(BUILD)/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libfakt.a: $(LIB_OBJ)
	@mkdir -p $(BUILD)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libfakt.so: $(LIB_OBJ)
	$(CC) -shared $(LDSAN) -o $@ $^ $(LDLIBS)

$(BUILD)/fakt: $(CLI_OBJ) $(BUILD)/libfakt.a
	$(CC) $(LDSAN) -o $@ $(CLI_OBJ) $(BUILD)/libfakt.a $(CLI_LDLIBS) $(LDLIBS)

# Test suites register themselves with FAKT_SUITE(name); the list is generated.
$(BUILD)/suites.h: $(TEST_SRC)
	@mkdir -p $(BUILD)
	cat $(TEST_SRC) | sed -n 's/^FAKT_SUITE(\([a-z0-9_]*\)).*/X(\1)/p' > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/tests/main.o: tests/main.c $(BUILD)/suites.h $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I$(BUILD) -c $< -o $@

$(BUILD)/fakt-test: $(TEST_OBJ) $(BUILD)/obj/src/cli/batchline.o $(BUILD)/libfakt.a
	$(CC) $(LDSAN) -o $@ $(TEST_OBJ) $(BUILD)/obj/src/cli/batchline.o $(BUILD)/libfakt.a $(CLI_LDLIBS) $(LDLIBS)

setup:
	tools/setup.sh

dict: data/dict/words.dawg
data/dict/words.dawg: data/dict.lock tools/fetch-dict.sh
	tools/fetch-dict.sh

check: all $(BUILD)/fakt-test dict
	BUILD=$(BUILD) tests/run.sh

# The whole suite, as CI runs it: setup if needed, then plain and sanitized.
test:
	tools/setup.sh
	CI_FUZZ_SECONDS=$(CI_FUZZ_SECONDS) tests/all.sh

symbols: $(BUILD)/libfakt.a $(BUILD)/libfakt.so
	tests/symbols.sh $(BUILD)

bench: all dict
	BUILD=$(BUILD) bench/run.sh

FUZZ_SECONDS ?= 20
CI_FUZZ_SECONDS ?= 5
FUZZ_SRC = $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:fuzz/%.c=build-fuzz/%)
build-fuzz/fuzz_%: fuzz/fuzz_%.c $(LIB_SRC) src/cli/batchline.c $(HEADERS)
	@mkdir -p build-fuzz
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
	  -o $@ $< $(LIB_SRC) src/cli/batchline.c -ljansson $(LDLIBS)
fuzz: $(FUZZ_BIN) dict
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_BIN)

model: all dict
	tools/train-model.sh

clean:
	rm -rf build build-san build-fuzz build-*

distclean: clean
	rm -rf data/dict data/cache

# Benchmark programs: bench/bench_NAME.c -> $(BUILD)/bench_NAME (one per stage).
BENCH_SRC = $(wildcard bench/bench_*.c)
BENCH_BIN = $(BENCH_SRC:bench/%.c=$(BUILD)/%)
$(BUILD)/bench_%: bench/bench_%.c $(BUILD)/libfakt.a $(HEADERS)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libfakt.a $(LDLIBS)
bench: $(BENCH_BIN)

# Word clusters for the NER tagger from ../shared/corpora/unlabeled:
# tools/clusters.c, driven by tools/make-clusters.sh -> models/clusters.tsv.
.PHONY: clusters
$(BUILD)/clusters: tools/clusters.c
	@mkdir -p $(BUILD)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -O3 $(LDSAN) -o $@ $< -lm
clusters: $(BUILD)/clusters
	BUILD=$(BUILD) tools/make-clusters.sh

# Word statistics for the NER tagger (capitalization, quoted-name and
# settlement contexts) from the same corpora: tools/wordstats.c, driven by
# tools/make-wordstats.sh -> models/wordstats.tsv.
.PHONY: wordstats
$(BUILD)/wordstats: tools/wordstats.c
	@mkdir -p $(BUILD)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -O2 $(LDSAN) -o $@ $<
wordstats: $(BUILD)/wordstats
	BUILD=$(BUILD) tools/make-wordstats.sh

# The most frequent token forms of the same corpora, for the NER model's
# precomputed word table (src/ner/words.c): tools/forms.c, driven by
# tools/make-forms.sh -> models/forms.tsv.
.PHONY: forms
$(BUILD)/forms: tools/forms.c $(BUILD)/libfakt.a $(HEADERS)
	$(CC) $(ALL_CFLAGS) $(LDSAN) -o $@ $< $(BUILD)/libfakt.a $(LDLIBS)
forms: $(BUILD)/forms
	BUILD=$(BUILD) tools/make-forms.sh

# The morphology hot table (src/morph/hot.c): finished parse lists of the
# words of models/clusters.tsv and models/forms.tsv (169k after lowercasing),
# compiled from the dictionary by
# tools/fakt-dictc.c into data/dict/fakt-hot.fkd (not committed; optional:
# without it the analyser is slower, not different).
.PHONY: hotdict
$(BUILD)/fakt-dictc: tools/fakt-dictc.c $(BUILD)/libfakt.a $(HEADERS)
	$(CC) $(ALL_CFLAGS) $(LDSAN) -o $@ $< $(BUILD)/libfakt.a $(LDLIBS)
hotdict: data/dict/fakt-hot.fkd
data/dict/fakt-hot.fkd: $(BUILD)/fakt-dictc data/dict/words.dawg models/clusters.tsv models/forms.tsv
	(cut -f1 models/clusters.tsv; cut -f1 models/forms.tsv) > $(BUILD)/hotwords.txt
	$(BUILD)/fakt-dictc data/dict $(BUILD)/hotwords.txt $@
bench: hotdict

# Az.js (az@0.2.3, the JS port of pymorphy2) for the same-run speed ratio
# of bench_morph; installed under data/cache (not committed).
AZ_MARK = data/cache/aznode/node_modules/az/package.json
$(AZ_MARK):
	mkdir -p data/cache/aznode
	cd data/cache/aznode && npm install --silent --no-save --no-audit --no-fund az@0.2.3 >/dev/null
bench: $(AZ_MARK)

# Every quality figure of the README, measured over ../shared/corpora:
# segmentation F1, morphology agreement with Az.js, NER cross-validation and
# NEREL-only -> factRuEval dev, norms of recased text.  Kept in $(BUILD)/eval.txt.
.PHONY: eval
eval: all dict $(AZ_MARK)
	( $(BUILD)/fakt eval tokens && eval/morph-agree.sh $(BUILD) && \
	  $(BUILD)/fakt eval ner --cv 5 && $(BUILD)/fakt eval ner --nerel-only && \
	  $(BUILD)/fakt eval ner --marked eval/marked/non-slavic.txt && \
	  eval/norm-case.py --fakt $(BUILD)/fakt ) 2>&1 | tee $(BUILD)/eval.txt
