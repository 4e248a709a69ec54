package dev.cadenza.backend.dl4j;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Step-by-step inference on a private copy of the network, whose LSTM state DL4J carries between steps. */
final class Dl4jSession implements GenerationSession {
  private final MultiLayerNetwork net;
  private final ArchitectureSpec spec;
  private final int batchSize;

  Dl4jSession(MultiLayerNetwork net, ArchitectureSpec spec, int batchSize) {
    this.net = net;
    this.spec = spec;
    this.batchSize = batchSize;
    net.rnnClearPreviousState();
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public float[][] next(int[] tokens) {
    if (spec.input() != ArchitectureSpec.InputKind.TOKENS) {
      throw new IllegalArgumentException("this model reads frames, not tokens");
    }
    if (tokens.length != batchSize) {
      throw new IllegalArgumentException("one token per stream: expected " + batchSize + ", got " + tokens.length);
    }
    int[][] column = new int[batchSize][1];
    for (int i = 0; i < batchSize; i++) {
      column[i][0] = tokens[i];
    }
    return step(Tensors.tokenInput(column));
  }

  @Override
  public float[][] next(float[][] frames) {
    if (spec.input() != ArchitectureSpec.InputKind.FRAMES) {
      throw new IllegalArgumentException("this model reads tokens, not frames");
    }
    if (frames.length != batchSize) {
      throw new IllegalArgumentException("one frame per stream: expected " + batchSize + ", got " + frames.length);
    }
    float[][][] column = new float[batchSize][1][];
    for (int i = 0; i < batchSize; i++) {
      column[i][0] = frames[i];
    }
    return step(Tensors.frameInput(column));
  }

  private float[][] step(INDArray input) {
    float[][][] out = Tensors.fromNcw(net.rnnTimeStep(input));
    float[][] last = new float[batchSize][];
    for (int i = 0; i < batchSize; i++) {
      last[i] = out[i][0];
    }
    return last;
  }

  @Override
  public void reset() {
    net.rnnClearPreviousState();
  }

  @Override
  public void close() {
    net.rnnClearPreviousState();
  }
}
