package dev.cadenza.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.SessionInputs;
import java.util.ArrayList;
import java.util.List;

/**
 * Step-by-step Transformer inference with a key/value cache: each step computes the new position's queries, keys
 * and values only, appends the keys and values to each block's cache and attends over it, so a token costs one
 * step, not a re-run over the context. When the context is full, the session keeps the most recent half of its
 * inputs and rebuilds the cache from them (positions restart), and goes on. It runs on its own snapshot of the
 * weights ({@link DjlModel#snapshot}), which it closes when it closes.
 */
final class DjlTransformerSession implements GenerationSession {
  private final DjlTransformer model;
  private final ArchitectureSpec spec;
  private final int batchSize;
  private final NDManager manager;
  private NDArray[] keys;
  private NDArray[] values;
  private final List<NDArray> inputs = new ArrayList<>();

  DjlTransformerSession(DjlTransformer model, int batchSize) {
    this.model = model;
    this.spec = model.spec();
    this.batchSize = batchSize;
    this.manager = model.manager().newSubManager();
    this.keys = new NDArray[spec.layers()];
    this.values = new NDArray[spec.layers()];
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public float[][] next(int[] tokens) {
    try (DjlModel.GradientsOff off = new DjlModel.GradientsOff()) {
      SessionInputs.checkTokens(spec, batchSize, tokens);
      return feed(manager.create(tokens).reshape(batchSize, 1));
    }
  }

  @Override
  public float[][] next(float[][] frames) {
    try (DjlModel.GradientsOff off = new DjlModel.GradientsOff()) {
      float[] flat = SessionInputs.flatFrames(spec, batchSize, frames);
      return feed(manager.create(flat, new Shape(batchSize, 1, spec.inputSize())));
    }
  }

  private float[][] feed(NDArray input) {
    if (inputs.size() == spec.context()) {
      List<NDArray> recent = new ArrayList<>(inputs.subList(spec.context() / 2, inputs.size()));
      inputs.subList(0, spec.context() / 2).forEach(NDArray::close);
      reset(false);
      for (NDArray earlier : recent) {
        step(earlier);
      }
    }
    return step(input);
  }

  private float[][] step(NDArray input) {
    int position = inputs.size();
    inputs.add(input);
    try (NDScope scope = new NDScope()) {
      NDArray x = model.embed(input, position, false);
      for (int k = 0; k < spec.layers(); k++) {
        x = model.block(k, x, this::cached, null, false);
      }
      float[] flat = model.head(x).toFloatArray();
      return SessionInputs.perStream(flat, batchSize);
    }
  }

  /** Appends the new position's keys and values to block {@code k}'s cache; returns the whole cache. */
  private NDArray[] cached(int k, NDArray newKeys, NDArray newValues) {
    keys[k] = append(keys[k], newKeys);
    values[k] = append(values[k], newValues);
    return new NDArray[] {keys[k], values[k]};
  }

  /** The cache with one more position, kept beyond the step's scope; the old cache is freed. */
  private NDArray append(NDArray cache, NDArray latest) {
    NDArray grown = cache == null ? latest : NDArrays.concat(new NDList(cache, latest), 2);
    NDScope.unregister(grown);
    grown.attach(manager);
    if (cache != null) {
      cache.close();
    }
    return grown;
  }

  @Override
  public void reset() {
    reset(true);
  }

  private void reset(boolean forgetInputs) {
    for (int k = 0; k < spec.layers(); k++) {
      if (keys[k] != null) {
        keys[k].close();
        values[k].close();
      }
    }
    keys = new NDArray[spec.layers()];
    values = new NDArray[spec.layers()];
    if (forgetInputs) {
      inputs.forEach(NDArray::close);
    }
    inputs.clear();
  }

  @Override
  public void close() {
    reset(true);
    manager.close();
    model.close();
  }
}
