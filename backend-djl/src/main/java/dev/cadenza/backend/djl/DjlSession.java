package dev.cadenza.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.SessionInputs;

/**
 * Step-by-step inference: each step runs the model's layers on one time step with the LSTM states carried from
 * the step before (a few fused libtorch operations), in a scope that frees everything but the new states. It runs
 * on its own snapshot of the weights ({@link DjlModel#snapshot}), which it closes when it closes.
 */
final class DjlSession implements GenerationSession {
  private final DjlLstm model;
  private final ArchitectureSpec spec;
  private final int batchSize;
  private final NDManager manager;
  private NDArray[][] states;

  DjlSession(DjlLstm model, int batchSize) {
    this.model = model;
    this.spec = model.spec();
    this.batchSize = batchSize;
    this.manager = model.manager().newSubManager();
    this.states = new NDArray[spec.layers()][];
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public float[][] next(int[] tokens) {
    try (DjlModel.GradientsOff off = new DjlModel.GradientsOff()) {
      SessionInputs.checkTokens(spec, batchSize, tokens);
      try (NDScope scope = new NDScope()) {
        return step(model.embed(manager.create(tokens).reshape(batchSize, 1)), scope);
      }
    }
  }

  @Override
  public float[][] next(float[][] frames) {
    try (DjlModel.GradientsOff off = new DjlModel.GradientsOff()) {
      float[] flat = SessionInputs.flatFrames(spec, batchSize, frames);
      try (NDScope scope = new NDScope()) {
        return step(manager.create(flat, new Shape(batchSize, 1, spec.inputSize())), scope);
      }
    }
  }

  private float[][] step(NDArray x, NDScope scope) {
    NDArray[][] previous = states;
    NDArray[][] next = previous.clone();
    float[] flat = model.forward(x, false, next).toFloatArray();
    for (NDArray[] state : next) {
      NDScope.unregister(state);
      for (NDArray a : state) {
        a.attach(manager);
      }
    }
    for (NDArray[] state : previous) {
      if (state != null) {
        for (NDArray a : state) {
          a.close();
        }
      }
    }
    states = next;
    return SessionInputs.perStream(flat, batchSize);
  }

  @Override
  public void reset() {
    for (NDArray[] state : states) {
      if (state != null) {
        for (NDArray a : state) {
          a.close();
        }
      }
    }
    states = new NDArray[spec.layers()][];
  }

  @Override
  public void close() {
    reset();
    manager.close();
    model.close();
  }
}
