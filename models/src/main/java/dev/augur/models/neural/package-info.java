/**
 * The neural (autoregressive-diffusion hybrid) forecaster's runner and tools, without Flink or Kafka:
 * {@link dev.augur.models.neural.NeuralForecaster} runs the exported ONNX graph on batches
 * ({@link dev.augur.models.neural.BatchRequest} in, {@link dev.augur.models.neural.BatchResult} out) after
 * {@link dev.augur.models.neural.ModelContract} checked it; {@link dev.augur.models.neural.ConditioningExport} computes
 * the AR conditioning for training with the job's own AR stage; {@link dev.augur.models.neural.NeuralEvaluation} and
 * {@link dev.augur.models.neural.NeuralSpeed} are the measurements of models/training/MODEL_CARD.md.
 */
package dev.augur.models.neural;
