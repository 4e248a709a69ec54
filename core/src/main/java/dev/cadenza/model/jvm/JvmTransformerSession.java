package dev.cadenza.model.jvm;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.model.SessionInputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A Transformer session with a key/value cache: each step computes the new position's query, key and value (one
 * fused projection), appends the key and value to each block's cache and attends over it. When the context is full
 * it keeps the most recent half of its inputs, rebuilds the cache from them (positions restart) and goes on, as the
 * engines' sessions do. A step allocates only its input, the new key and value and the logits it returns (a few kilobytes).
 */
final class JvmTransformerSession implements GenerationSession {
  private final ArchitectureSpec spec;
  private final int batchSize;
  private final int width;
  private final int headWidth;
  private final Weights weights;
  /** Per block, the cache: keys and values per stream and position, [block][stream][position][width]. */
  private final float[][][][] keys;
  private final float[][][][] values;
  /** Per stream: the residual stream, its normalized copy, the fused query, key and value, the attention's output,
   * the feed-forward layer's hidden values and the logits. */
  private final float[][] x;
  private final float[][] normed;
  private final float[][] qkv;
  private final float[][] attended;
  private final float[][] hidden;
  private final float[][] logits;
  private final float[] scores;
  /** The inputs fed so far (embedded, before positions), per step, per stream. */
  private final List<float[][]> fed = new ArrayList<>();

  /** One block's weights. */
  private record Block(float[] norm1Scale, float[] norm1Shift, Kernels.Linear qkv, Kernels.Linear attentionOutput,
      float[] norm2Scale, float[] norm2Shift, Kernels.Linear ff1, Kernels.Linear ff2) {}

  /**
   * The weights as the session computes with them, prepared once for any number of sessions: linear layers
   * transposed, query, key and value fused into one layer. The embedding is null for frames, the input layer for tokens.
   */
  private record Weights(float[] embedding, Kernels.Linear input, float[] positions, Block[] blocks, float[] normScale,
      float[] normShift, Kernels.Linear output) {
    static Weights of(ArchitectureSpec spec, NamedTensors tensors) {
      boolean tokens = spec.input() == ArchitectureSpec.InputKind.TOKENS;
      Block[] blocks = new Block[spec.layers()];
      for (int k = 0; k < blocks.length; k++) {
        String block = "layers." + k + ".";
        blocks[k] = new Block(tensors.get(block + "norm1.weight").values(), tensors.get(block + "norm1.bias").values(),
            fusedQkv(tensors, block + "attention.", spec.units()), Kernels.Linear.of(tensors, block + "attention.output"),
            tensors.get(block + "norm2.weight").values(), tensors.get(block + "norm2.bias").values(),
            Kernels.Linear.of(tensors, block + "ff1"), Kernels.Linear.of(tensors, block + "ff2"));
      }
      return new Weights(tokens ? tensors.get("embedding.weight").values() : null,
          tokens ? null : Kernels.Linear.of(tensors, "input"), tensors.get("position.weight").values(), blocks,
          tensors.get("norm.weight").values(), tensors.get("norm.bias").values(), Kernels.Linear.of(tensors, "output"));
    }

    /** Query, key and value as one layer of 3 x width outputs. */
    private static Kernels.Linear fusedQkv(NamedTensors tensors, String prefix, int width) {
      Kernels.Linear q = Kernels.Linear.of(tensors, prefix + "query");
      Kernels.Linear k = Kernels.Linear.of(tensors, prefix + "key");
      Kernels.Linear v = Kernels.Linear.of(tensors, prefix + "value");
      float[][] fused = new float[width][3 * width];
      float[] bias = new float[3 * width];
      Kernels.Linear[] parts = {q, k, v};
      for (int p = 0; p < 3; p++) {
        for (int i = 0; i < width; i++) {
          System.arraycopy(parts[p].weights()[i], 0, fused[i], p * width, width);
        }
        System.arraycopy(parts[p].bias(), 0, bias, p * width, width);
      }
      return new Kernels.Linear(fused, bias);
    }
  }

  private JvmTransformerSession(ArchitectureSpec spec, Weights weights, int batchSize) {
    this.spec = spec;
    this.batchSize = batchSize;
    this.width = spec.units();
    this.headWidth = width / spec.heads();
    this.weights = weights;
    keys = new float[spec.layers()][batchSize][spec.context()][];
    values = new float[spec.layers()][batchSize][spec.context()][];
    x = new float[batchSize][width];
    normed = new float[batchSize][width];
    qkv = new float[batchSize][3 * width];
    attended = new float[batchSize][width];
    hidden = new float[batchSize][spec.feedForward()];
    logits = new float[batchSize][weights.output().outputs()];
    scores = new float[spec.context()];
  }

  /** Sessions of any batch size for this model, all computing with one prepared copy of these weights. */
  static IntFunction<GenerationSession> sharing(ArchitectureSpec spec, NamedTensors tensors) {
    Weights weights = Weights.of(spec, tensors);
    return batchSize -> new JvmTransformerSession(spec, weights, batchSize);
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public float[][] next(int[] tokens) {
    SessionInputs.checkTokens(spec, batchSize, tokens);
    float[][] embedded = new float[batchSize][];
    for (int b = 0; b < batchSize; b++) {
      embedded[b] = Arrays.copyOfRange(weights.embedding(), tokens[b] * width, (tokens[b] + 1) * width);
    }
    return feed(embedded);
  }

  @Override
  public float[][] next(float[][] frames) {
    SessionInputs.checkFrames(spec, batchSize, frames);
    float[][] embedded = new float[batchSize][width];
    weights.input().apply(frames, embedded);
    return feed(embedded);
  }

  /** Feeds one embedded input per stream (before positions), rebuilding the cache first when the context is full. */
  private float[][] feed(float[][] embedded) {
    if (fed.size() == spec.context()) {
      List<float[][]> recent = new ArrayList<>(fed.subList(spec.context() / 2, fed.size()));
      fed.clear();
      for (float[][] earlier : recent) {
        step(earlier);
      }
    }
    step(embedded);
    Kernels.layerNorm(x, weights.normScale(), weights.normShift(), normed);
    weights.output().apply(normed, logits);
    return Kernels.copies(logits);
  }

  /** Runs the blocks on one input at the next position, leaving the last block's output in x. */
  private void step(float[][] embedded) {
    int position = fed.size();
    fed.add(embedded);
    for (int b = 0; b < batchSize; b++) {
      for (int j = 0; j < width; j++) {
        x[b][j] = embedded[b][j] + weights.positions()[position * width + j];
      }
    }
    for (int k = 0; k < weights.blocks().length; k++) {
      Block block = weights.blocks()[k];
      Kernels.layerNorm(x, block.norm1Scale(), block.norm1Shift(), normed);
      block.qkv().apply(normed, qkv);
      attend(k, position);
      block.attentionOutput().addProduct(attended, x);
      addBias(block.attentionOutput().bias(), x);
      Kernels.layerNorm(x, block.norm2Scale(), block.norm2Shift(), normed);
      block.ff1().apply(normed, hidden);
      for (float[] row : hidden) {
        Kernels.gelu(row);
      }
      block.ff2().addProduct(hidden, x);
      addBias(block.ff2().bias(), x);
    }
  }

  /** Caches block k's new key and value, and attends per head over positions 0..position into {@code attended}. */
  private void attend(int k, int position) {
    double scale = 1 / Math.sqrt(headWidth);
    for (int b = 0; b < batchSize; b++) {
      float[] row = qkv[b];
      float[][] keys = this.keys[k][b];
      float[][] values = this.values[k][b];
      keys[position] = Arrays.copyOfRange(row, width, 2 * width);
      values[position] = Arrays.copyOfRange(row, 2 * width, 3 * width);
      float[] out = attended[b];
      Arrays.fill(out, 0);
      for (int head = 0; head < spec.heads(); head++) {
        int offset = head * headWidth;
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t <= position; t++) {
          float[] key = keys[t];
          float dot = 0;
          for (int j = offset; j < offset + headWidth; j++) {
            dot += row[j] * key[j];
          }
          scores[t] = (float) (dot * scale);
          max = Math.max(max, scores[t]);
        }
        double sum = 0;
        for (int t = 0; t <= position; t++) {
          scores[t] = (float) Kernels.exp(scores[t] - max);
          sum += scores[t];
        }
        for (int t = 0; t <= position; t++) {
          float weight = (float) (scores[t] / sum);
          float[] value = values[t];
          for (int j = offset; j < offset + headWidth; j++) {
            out[j] += weight * value[j];
          }
        }
      }
    }
  }

  private static void addBias(float[] bias, float[][] rows) {
    for (float[] row : rows) {
      for (int j = 0; j < bias.length; j++) {
        row[j] += bias[j];
      }
    }
  }

  @Override
  public void reset() {
    fed.clear();
  }

  @Override
  public void close() {
    fed.clear();
  }
}
