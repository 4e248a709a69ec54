package dev.cadenza.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A model's weights as named float tensors in a layout every backend shares, so weights move between backends.
 * Linear layers' weights are [outputs, inputs] and are applied as x W^T + b.
 *
 * <p>The LSTM family:
 * <ul>
 *   <li>{@code embedding.weight} [vocabulary, embedding] (token models);
 *   <li>{@code lstm.K.weight_ih} [4 x units, inputs], {@code lstm.K.weight_hh} [4 x units, units],
 *       {@code lstm.K.bias} [4 x units] for layer K from 0, the four gate blocks in PyTorch's order
 *       input, forget, cell (g), output, and one bias (PyTorch's two biases summed);
 *   <li>with batch normalization after LSTM layer K: {@code lstm.K.norm.weight}, {@code .bias},
 *       {@code .running_mean}, {@code .running_var}, each [units], applied as
 *       (x - mean) / sqrt(var + 1e-5) x weight + bias on the layer's output (its carried state is not normalized);
 *   <li>{@code output.weight} [outputs, units], {@code output.bias} [outputs].
 * </ul>
 *
 * <p>The Transformer family (decoder only, pre-norm; width d = units, h heads, feed-forward f, context c):
 * <ul>
 *   <li>{@code embedding.weight} [vocabulary, d] (token models), or {@code input.weight} [d, frame] and
 *       {@code input.bias} [d] (frame models); {@code position.weight} [c, d], added to the input at positions 0, 1, ...;
 *   <li>per block K from 0: {@code layers.K.norm1.weight}, {@code .bias} [d]; {@code layers.K.attention.query},
 *       {@code .key}, {@code .value}, {@code .output}, each {@code .weight} [d, d] and {@code .bias} [d], the heads
 *       being consecutive slices of d / h; {@code layers.K.norm2.weight}, {@code .bias} [d];
 *       {@code layers.K.ff1.weight} [f, d], {@code .bias} [f]; {@code layers.K.ff2.weight} [d, f], {@code .bias} [d];
 *       the block computes x + output(attention(norm1(x))), then x + ff2(gelu(ff1(norm2(x)))), where attention is
 *       causal, scaled by sqrt(d / h), and GELU is exact (x times the normal distribution function of x);
 *   <li>{@code norm.weight}, {@code norm.bias} [d], then {@code output.weight} [outputs, d], {@code output.bias}
 *       [outputs]. Layer norms use the biased variance and epsilon 1e-5.
 * </ul>
 * The reference models of the core test-jar ({@code ReferenceLstm}, {@code ReferenceTransformer}) compute exactly
 * this, and the conformance kit checks every backend against them.
 * Sorted by name; immutable.
 *
 * @param tensors the tensors by name
 */
public record NamedTensors(Map<String, Tensor> tensors) {
  /** Copies the map, sorted by name. */
  public NamedTensors {
    tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
  }

  /**
   * One tensor: its shape and its values in row-major order.
   *
   * @param shape the dimensions
   * @param values the values, as many as the shape holds
   */
  public record Tensor(long[] shape, float[] values) {
    /** Checks that the values fill the shape. */
    public Tensor {
      long size = 1;
      for (long d : shape) {
        size *= d;
      }
      if (size != values.length) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size + " values, not " + values.length);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(shape), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
      return "Tensor" + Arrays.toString(shape);
    }
  }

  /** A tensor by name. */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "'; the tensors are " + tensors.keySet());
    }
    return t;
  }
}
