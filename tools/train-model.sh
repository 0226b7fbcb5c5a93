#!/usr/bin/env bash
# Reproduces the committed NER model, models/ner.fkm (called by `make model`).
#
# Inputs: ../shared/corpora (factRuEval-2016 devset + NEREL 1.1 train/dev),
# the morphology dictionary (data/dict, tools/fetch-dict.sh), word clusters
# (models/clusters.tsv, `make clusters`) and Debian's iso-codes Russian
# catalogues (/usr/share/locale/ru/LC_MESSAGES).  The trainer is
# deterministic: the same inputs and seed give the same file.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${BUILD:-build}
CORPORA=${CORPORA:-../shared/corpora}
exec nice "$BUILD/fakt" train --corpora "$CORPORA" --seed 1 -o models/ner.fkm "$@"
