package dev.cadenza.testing;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.NamedTensors;
import dev.cadenza.testing.Tape.Node;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * A plain-Java LSTM over weights in the shared {@link NamedTensors} layout, in double precision: the definition
 * every backend's exported weights are checked against, and the model the reference backend trains (through
 * {@link Tape}). Dropout, when training, falls between layers and before the output layer. Batch normalization is
 * defined here for inference only (with the running statistics); the reference backend does not train it.
 */
public final class ReferenceLstm {
  private ReferenceLstm() {}

  /** The carried state of every layer for a batch of streams: h and c, each [batch, units]. */
  static final class State {
    final Node[] h;
    final Node[] c;

    State(ArchitectureSpec spec, int batch) {
      h = new Node[spec.layers()];
      c = new Node[spec.layers()];
      for (int l = 0; l < spec.layers(); l++) {
        h[l] = new Node(batch, spec.units());
        c[l] = new Node(batch, spec.units());
      }
    }
  }

  /** The next-token logits after each token of one sequence. */
  public static float[][] predictTokens(NamedTensors w, ArchitectureSpec spec, int[] tokens) {
    Map<String, Node> weights = ReferenceWeights.nodes(w);
    Tape tape = new Tape();
    return predict(spec, weights, tokens.length, t -> tape.rows(weights.get("embedding.weight"), new int[] {tokens[t]}), tape);
  }

  /** The next-frame scores (a logit per value) after each frame of one sequence. */
  public static float[][] predictFrames(NamedTensors w, ArchitectureSpec spec, float[][] frames) {
    return predict(spec, ReferenceWeights.nodes(w), frames.length, t -> ReferenceWeights.constant(new float[][] {frames[t]}), new Tape());
  }

  private static float[][] predict(ArchitectureSpec spec, Map<String, Node> weights, int steps,
      IntFunction<Node> input, Tape tape) {
    State state = new State(spec, 1);
    float[][] result = new float[steps][];
    for (int t = 0; t < steps; t++) {
      result[t] = ReferenceWeights.floats(step(tape, weights, spec, input.apply(t), state, UnaryOperator.identity()))[0];
    }
    return result;
  }

  /** One time step: input x [batch, inputs] to logits [batch, outputs]; the state moves on. */
  static Node step(Tape tape, Map<String, Node> w, ArchitectureSpec spec, Node x, State state, UnaryOperator<Node> dropout) {
    int h = spec.units();
    for (int l = 0; l < spec.layers(); l++) {
      if (l > 0) {
        x = dropout.apply(x);
      }
      Node gates = tape.add(tape.linear(x, w.get("lstm." + l + ".weight_ih"), w.get("lstm." + l + ".bias")),
          tape.linear(state.h[l], w.get("lstm." + l + ".weight_hh"), null));
      Node i = tape.sigmoid(tape.columns(gates, 0, h));
      Node f = tape.sigmoid(tape.columns(gates, h, 2 * h));
      Node g = tape.tanh(tape.columns(gates, 2 * h, 3 * h));
      Node o = tape.sigmoid(tape.columns(gates, 3 * h, 4 * h));
      state.c[l] = tape.add(tape.mul(f, state.c[l]), tape.mul(i, g));
      state.h[l] = tape.mul(o, tape.tanh(state.c[l]));
      x = spec.batchNorm() ? normalize(w, l, state.h[l]) : state.h[l];
    }
    return tape.linear(dropout.apply(x), w.get("output.weight"), w.get("output.bias"));
  }

  /** (h - mean) / sqrt(var + 1e-5) x weight + bias with the running statistics; not differentiated. */
  private static Node normalize(Map<String, Node> w, int layer, Node h) {
    String prefix = "lstm." + layer + ".norm.";
    Node out = new Node(h.rows, h.cols);
    for (int r = 0; r < h.rows; r++) {
      for (int k = 0; k < h.cols; k++) {
        double mean = w.get(prefix + "running_mean").v[k];
        double variance = w.get(prefix + "running_var").v[k];
        out.v[r * h.cols + k] = (h.get(r, k) - mean) / Math.sqrt(variance + 1e-5) * w.get(prefix + "weight").v[k]
            + w.get(prefix + "bias").v[k];
      }
    }
    return out;
  }
}
