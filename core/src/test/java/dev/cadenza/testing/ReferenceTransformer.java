package dev.cadenza.testing;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.testing.Tape.Node;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A plain-Java Transformer over weights in the shared {@link NamedTensors} layout, in double precision: the
 * definition every backend's Transformer is checked against, and the model the reference backend trains. Decoder
 * only and pre-norm: input embedding (or projected frames) plus learned positions; per block, causal multi-head
 * self-attention and a GELU feed-forward layer, each on a layer-normalized copy and added back; a final layer norm
 * and the output layer. Dropout, when training, falls on the embedded input and on each block's two additions.
 */
public final class ReferenceTransformer {
  private ReferenceTransformer() {}

  /** The next-token logits after each token of one sequence (at most the context long). */
  public static float[][] predictTokens(NamedTensors w, ArchitectureSpec spec, int[] tokens) {
    return ReferenceWeights.floats(forward(new Tape(), ReferenceWeights.nodes(w), spec, tokens, null, 1, UnaryOperator.identity()));
  }

  /** The next-frame scores (a logit per value) after each frame of one sequence (at most the context long). */
  public static float[][] predictFrames(NamedTensors w, ArchitectureSpec spec, float[][] frames) {
    return ReferenceWeights.floats(forward(new Tape(), ReferenceWeights.nodes(w), spec, null, ReferenceWeights.constant(frames), 1,
        UnaryOperator.identity()));
  }

  /**
   * Logits [batch x time, outputs] for token ids or frame rows [batch x time, frame], rows of one sequence together
   * and positions counted from 0.
   */
  static Node forward(Tape tape, Map<String, Node> w, ArchitectureSpec spec, int[] tokens, Node frames, int batch,
      UnaryOperator<Node> dropout) {
    Node x = tokens != null ? tape.rows(w.get("embedding.weight"), tokens)
        : tape.linear(frames, w.get("input.weight"), w.get("input.bias"));
    int time = x.rows / batch;
    if (time > spec.context()) {
      throw new IllegalArgumentException("windows of " + time + " steps exceed the Transformer's context of " + spec.context());
    }
    int[] positions = new int[x.rows];
    for (int r = 0; r < positions.length; r++) {
      positions[r] = r % time;
    }
    x = dropout.apply(tape.add(x, tape.rows(w.get("position.weight"), positions)));
    for (int k = 0; k < spec.layers(); k++) {
      String block = "layers." + k + ".";
      Node h = tape.layerNorm(x, w.get(block + "norm1.weight"), w.get(block + "norm1.bias"));
      Node attended = tape.attention(linear(tape, w, block + "attention.query", h), linear(tape, w, block + "attention.key", h),
          linear(tape, w, block + "attention.value", h), batch, spec.heads());
      x = tape.add(x, dropout.apply(linear(tape, w, block + "attention.output", attended)));
      Node n = tape.layerNorm(x, w.get(block + "norm2.weight"), w.get(block + "norm2.bias"));
      x = tape.add(x, dropout.apply(linear(tape, w, block + "ff2", tape.gelu(linear(tape, w, block + "ff1", n)))));
    }
    return linear(tape, w, "output", tape.layerNorm(x, w.get("norm.weight"), w.get("norm.bias")));
  }

  private static Node linear(Tape tape, Map<String, Node> w, String name, Node x) {
    return tape.linear(x, w.get(name + ".weight"), w.get(name + ".bias"));
  }
}
