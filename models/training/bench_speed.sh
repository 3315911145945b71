#!/usr/bin/env bash
# Speed measurement of the neural forecaster (issue 5), one run, same machine, same weights:
#  (a) ORT Java sample paths/s (NeuralSpeed) versus PyTorch eager (bench_torch.py), batch 64 x 100 samples;
#  (b) the epsilon-network call versus a plain ONNX MatMul of the same FLOP count, achieved FLOP/s (NeuralSpeed).
# The machine may be shared: (a) runs ROUNDS (default 3) back-to-back pairs, PyTorch then Java, and prints each pair's
# ratio; compare pairs, not runs far apart in time. Both sides run on one thread, so each also reports paths per second
# of its own CPU time, which other processes disturb much less than wall-clock time.
# Usage (from the repository root): models/training/bench_speed.sh [model dir, default models/training/model]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
DIR=${1:-models/training/model}
SECONDS_EACH=${SECONDS_EACH:-10}
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
mvn -B -o -q -pl models compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# the sampler: DIR/model.onnx from a fresh train.py run, else the committed default model
if [ -f "$DIR/model.onnx" ]; then cp "$DIR/model.onnx" "$TMP/"; else
  cp models/src/main/resources/dev/augur/models/neural/augur-neural.onnx "$TMP/model.onnx"; fi
cp "$DIR/denoiser.onnx" "$TMP/"
/usr/bin/python3 models/training/make_matmul.py "$TMP/matmul.onnx" 64
CP=models/target/classes:$(cat models/target/classpath.txt)
for round in $(seq 1 "${ROUNDS:-3}"); do
  uptime
  TL=$(/usr/bin/python3 models/training/bench_torch.py "$DIR" 64 100 "$SECONDS_EACH")
  JL=$(java -cp "$CP" dev.augur.models.neural.NeuralSpeed "$TMP" 64 100 "$SECONDS_EACH" sampler 2>/dev/null)
  echo "$TL"
  echo "$JL"
  # wall-clock paths/s is the 3rd number from "1 thread:"; CPU-time paths/s follows "CPU time"
  T=$(echo "$TL" | sed -E 's/.*thread: ([0-9.]+) sample.*CPU time ([0-9.]+) .*/\1 \2/')
  J=$(echo "$JL" | sed -E 's/.*thread\(s\): ([0-9.]+) sample.*CPU time ([0-9.]+) .*/\1 \2/')
  echo "round $round: ORT Java / PyTorch eager = $(awk -v j="$J" -v t="$T" 'BEGIN {split(j, a, " "); split(t, b, " ");
    printf "%.2f wall-clock, %.2f CPU time", a[1] / b[1], a[2] / b[2]}')"
done
java -cp "$CP" dev.augur.models.neural.NeuralSpeed "$TMP" 64 100 "$SECONDS_EACH" all 2>/dev/null
uptime
