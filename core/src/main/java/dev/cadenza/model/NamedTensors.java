package dev.cadenza.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A model's weights as named float tensors in a layout every backend shares, so weights move between backends:
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
