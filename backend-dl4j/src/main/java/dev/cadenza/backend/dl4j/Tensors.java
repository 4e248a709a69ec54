package dev.cadenza.backend.dl4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between Java arrays and ND4J arrays in the NCW layout ([batch, channels, time]). */
final class Tensors {
  private Tensors() {}

  /** Token ids [batch][time] as [batch, 1, time]. */
  static INDArray tokenInput(int[][] ids) {
    int b = ids.length;
    int t = ids[0].length;
    float[] flat = new float[b * t];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        flat[i * t + j] = ids[i][j];
      }
    }
    return Nd4j.create(flat, new long[] {b, 1, t}, DataType.FLOAT);
  }

  /** Token ids [batch][time] as one-hot [batch, classes, time]. */
  static INDArray oneHot(int[][] ids, int classes) {
    int b = ids.length;
    int t = ids[0].length;
    float[] flat = new float[b * classes * t];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        flat[(i * classes + ids[i][j]) * t + j] = 1f;
      }
    }
    return Nd4j.create(flat, new long[] {b, classes, t}, DataType.FLOAT);
  }

  /** Frames [batch][time][size] as [batch, size, time]. */
  static INDArray frameInput(float[][][] frames) {
    int b = frames.length;
    int t = frames[0].length;
    int f = frames[0][0].length;
    float[] flat = new float[b * f * t];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        for (int k = 0; k < f; k++) {
          flat[(i * f + k) * t + j] = frames[i][j][k];
        }
      }
    }
    return Nd4j.create(flat, new long[] {b, f, t}, DataType.FLOAT);
  }

  /** Rows [batch * time, size], batch-major, as [batch][time][size]. */
  static float[][][] fromRows(INDArray rows, int batch, int time) {
    int size = (int) rows.size(1);
    float[] flat = rows.dup('c').castTo(DataType.FLOAT).data().asFloat();
    float[][][] out = new float[batch][time][];
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < time; j++) {
        out[i][j] = java.util.Arrays.copyOfRange(flat, (i * time + j) * size, (i * time + j + 1) * size);
      }
    }
    return out;
  }
}
