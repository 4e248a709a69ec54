package dev.cadenza.testing;

import dev.cadenza.model.NamedTensors;
import dev.cadenza.testing.Tape.Node;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversions between the shared layout's float tensors and the reference models' double matrices. */
final class ReferenceWeights {
  private ReferenceWeights() {}

  /** Each tensor as a matrix: [a, b] as is, [n] as [1, n]. */
  static Map<String, Node> nodes(NamedTensors weights) {
    Map<String, Node> nodes = new LinkedHashMap<>();
    weights.tensors().forEach((name, tensor) -> {
      long[] shape = tensor.shape();
      int rows = shape.length == 2 ? (int) shape[0] : 1;
      double[] values = new double[tensor.values().length];
      for (int i = 0; i < values.length; i++) {
        values[i] = tensor.values()[i];
      }
      nodes.put(name, new Node(rows, values.length / rows, values));
    });
    return nodes;
  }

  /** Rows of floats as a matrix outside any tape. */
  static Node constant(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] values = new double[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < cols; c++) {
        values[r * cols + c] = rows[r][c];
      }
    }
    return new Node(rows.length, cols, values);
  }

  /** A matrix as rows of floats. */
  static float[][] floats(Node node) {
    float[][] rows = new float[node.rows][node.cols];
    for (int r = 0; r < node.rows; r++) {
      for (int c = 0; c < node.cols; c++) {
        rows[r][c] = (float) node.get(r, c);
      }
    }
    return rows;
  }

  /** A matrix as a tensor of the given shape. */
  static NamedTensors.Tensor tensor(long[] shape, double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return new NamedTensors.Tensor(shape.clone(), floats);
  }
}
