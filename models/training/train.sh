#!/usr/bin/env bash
# Trains and exports the neural forecaster (README.md in this folder). From the repository root:
#   models/training/train.sh OUT_DIR [--etth1 PATH] [--exchange PATH] [--tiny] [--steps N] [--seed N] ...
# The default model: models/training/train.sh /tmp/augur-neural \
#   --etth1 ../shared/data/ett/ETTh1.csv --exchange ../shared/data/exchange_rate/exchange_rate.txt.gz
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT=${1:?usage: models/training/train.sh OUT_DIR [train.py options]}
shift
# ConditioningExport (the job's AR stage) runs from the compiled models classes and their runtime dependencies.
mvn -B -o -q -pl models compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
CP=$PWD/models/target/classes:$(cat models/target/classpath.txt)
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
exec /usr/bin/python3 models/training/train.py --java-cp "$CP" --out "$OUT" "$@"
