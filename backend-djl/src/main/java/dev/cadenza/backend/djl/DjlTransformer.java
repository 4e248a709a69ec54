package dev.cadenza.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.cadenza.data.Batch;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.WeightLayout;

/**
 * The Transformer family on DJL: a decoder-only, pre-norm Transformer with causal multi-head self-attention,
 * GELU feed-forward layers and learned absolute positions (a first step; Music Transformer's relative positions
 * are the goal), with its parameters named as in the shared layout ({@link dev.cadenza.model.NamedTensors}).
 */
final class DjlTransformer extends DjlModel {
  private static final double NORM_EPSILON = 1e-5;
  /** The square root of a head's width, which attention scores are divided by. */
  private final NDArray attentionScale;

  DjlTransformer(ArchitectureSpec spec) {
    super(spec);
    attentionScale = constant(Math.sqrt((double) spec.units() / spec.heads()), manager());
    for (WeightLayout.Parameter parameter : WeightLayout.of(spec).parameters()) {
      trainable(parameter.name(), drawn(parameter));
    }
  }

  private NDArray p(String name) {
    return trainable.get(name);
  }

  /** x W^T + b in one libtorch operation. */
  private NDArray linear(String name, NDArray x) {
    return x.getNDArrayInternal().linear(x, p(name + ".weight"), p(name + ".bias")).singletonOrThrow();
  }

  /** Layer normalization over the width, in one libtorch operation. */
  private NDArray layerNorm(String name, NDArray x) {
    return x.getNDArrayInternal().layerNorm(x, new Shape(spec().units()), p(name + ".weight"), p(name + ".bias"),
        (float) NORM_EPSILON).singletonOrThrow();
  }

  /** The model's input at positions {@code from..} (training: with gradients): embeddings (or projected frames) plus positions, [batch, time, width]. */
  NDArray embed(NDArray input, int from, boolean training) {
    NDArray x = spec().input() == ArchitectureSpec.InputKind.TOKENS ? lookup(p("embedding.weight"), input, training)
        : linear("input", input);
    long time = x.getShape().get(1);
    return x.add(p("position.weight").get("{}:{}", from, from + time));
  }

  @Override
  NDArray logits(Batch batch, NDManager scope, boolean training) {
    if (batch.length() > spec().context()) {
      throw new IllegalArgumentException("windows of " + batch.length() + " steps exceed the Transformer's context of "
          + spec().context() + "; use a --sequence-length of at most the context");
    }
    NDArray input;
    if (batch instanceof Batch.Tokens t) {
      requireTokens(true);
      input = tokens(t.inputs(), scope);
    } else {
      requireTokens(false);
      input = frames(((Batch.Frames) batch).inputs(), scope);
    }
    NDArray x = dropout(embed(input, 0, training), training);
    int time = batch.length();
    float[] mask = new float[time * time];
    for (int i = 0; i < time; i++) {
      for (int j = i + 1; j < time; j++) {
        mask[i * time + j] = -1e9f;
      }
    }
    NDArray causal = owned(scope.create(mask, new Shape(time, time)));
    for (int k = 0; k < spec().layers(); k++) {
      x = block(k, x, (layer, keys, values) -> new NDArray[] {keys, values}, causal, training);
    }
    return head(x);
  }

  /** Where a block's attention finds its keys and values: the new positions' own, or those after a session's cache. */
  interface KeysAndValues {
    /** Keys and values [batch, heads, time, head width] to attend over, given those of the new positions. */
    NDArray[] extend(int block, NDArray keys, NDArray values);
  }

  /**
   * Block {@code k} on x [batch, time, width]: causal self-attention over {@code cache}'s keys and values, then the
   * feed-forward layer, each on a layer-normalized copy and added back (with dropout when training). The one
   * definition both training and the cached session run.
   */
  NDArray block(int k, NDArray x, KeysAndValues cache, NDArray mask, boolean training) {
    String block = "layers." + k + ".";
    NDArray h = layerNorm(block + "norm1", x);
    NDArray q = heads(linear(block + "attention.query", h));
    NDArray[] kv = cache.extend(k, heads(linear(block + "attention.key", h)), heads(linear(block + "attention.value", h)));
    x = x.add(dropout(linear(block + "attention.output", attend(q, kv[0], kv[1], mask)), training));
    return x.add(dropout(linear(block + "ff2", Activation.gelu(linear(block + "ff1", layerNorm(block + "norm2", x)))), training));
  }

  /** The logits from the last block's output: final layer norm, then the output layer. */
  NDArray head(NDArray x) {
    return linear("output", layerNorm("norm", x));
  }

  /** [batch, time, width] as [batch, heads, time, width / heads]. */
  private NDArray heads(NDArray x) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), spec().heads(), spec().units() / spec().heads()).transpose(0, 2, 1, 3);
  }

  /** Attention of queries over keys and values [batch, heads, time, head width], back as [batch, time, width]. */
  private NDArray attend(NDArray q, NDArray keys, NDArray values, NDArray mask) {
    NDArray scores = q.matMul(keys.transpose(0, 1, 3, 2)).div(attentionScale);
    if (mask != null) {
      scores = scores.add(mask);
    }
    NDArray context = scores.softmax(-1).matMul(values).transpose(0, 2, 1, 3);
    Shape s = context.getShape();
    return context.reshape(s.get(0), s.get(1), spec().units());
  }

  @Override
  GenerationSession engineSession(int batchSize) {
    return new DjlTransformerSession((DjlTransformer) snapshot(), batchSize);
  }
}
