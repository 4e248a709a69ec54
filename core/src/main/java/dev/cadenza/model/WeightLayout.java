package dev.cadenza.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The tensors of an architecture in the shared layout ({@link NamedTensors} documents what each one means): their
 * names and shapes, in the order a new model draws them, and how it draws them. Backends that build their
 * parameters from it initialize alike; the conformance kit checks every backend's exported weights against it.
 *
 * @param parameters the tensors, in drawing order
 */
public record WeightLayout(List<Parameter> parameters) {
  /** Copies the list. */
  public WeightLayout {
    parameters = List.copyOf(parameters);
  }

  /** How a new model fills a tensor. */
  public enum Fill {
    /** Every value {@code scale}. */
    CONSTANT,
    /** Normal, mean 0, standard deviation {@code scale}. */
    NORMAL,
    /** Uniform on [-scale, scale). */
    UNIFORM
  }

  /**
   * One tensor.
   *
   * @param name its name in the shared layout
   * @param shape its dimensions
   * @param fill how a new model fills it
   * @param scale the constant, the standard deviation or the bound, as {@code fill} says
   */
  public record Parameter(String name, long[] shape, Fill fill, double scale) {
    /** Copies the shape. */
    public Parameter {
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    /** New values, drawn from the generator as {@code fill} says (nothing is drawn for a constant). */
    public float[] draw(RandomGenerator random) {
      float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) switch (fill) {
          case CONSTANT -> scale;
          case NORMAL -> random.nextGaussian() * scale;
          case UNIFORM -> (random.nextDouble() * 2 - 1) * scale;
        };
      }
      return values;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Parameter p && name.equals(p.name) && Arrays.equals(shape, p.shape) && fill == p.fill
          && Double.compare(scale, p.scale) == 0;
    }

    @Override
    public int hashCode() {
      return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
      return name + Arrays.toString(shape) + " " + fill + " " + scale;
    }
  }

  /**
   * The layout of an architecture. LSTM: Glorot's uniform for the embedding and the output layer, PyTorch's
   * U(-1/sqrt(units), 1/sqrt(units)) for every LSTM weight and bias. Transformer: N(0, 0.02) for embeddings and
   * positions, Glorot's uniform for linear layers, zero biases, layer norms at 1 and 0. Batch normalization:
   * scale 1, shift 0, running mean 0, running variance 1.
   */
  public static WeightLayout of(ArchitectureSpec spec) {
    List<Parameter> parameters = new ArrayList<>();
    boolean tokens = spec.input() == ArchitectureSpec.InputKind.TOKENS;
    int units = spec.units();
    if (!spec.isTransformer()) {
      int in = tokens ? spec.embeddingSize() : spec.inputSize();
      if (tokens) {
        glorot(parameters, "embedding.weight", spec.inputSize(), spec.embeddingSize());
      }
      double bound = 1 / Math.sqrt(units);
      for (int k = 0; k < spec.layers(); k++) {
        String layer = "lstm." + k + ".";
        parameters.add(new Parameter(layer + "weight_ih", new long[] {4L * units, in}, Fill.UNIFORM, bound));
        parameters.add(new Parameter(layer + "weight_hh", new long[] {4L * units, units}, Fill.UNIFORM, bound));
        parameters.add(new Parameter(layer + "bias", new long[] {4L * units}, Fill.UNIFORM, bound));
        if (spec.batchNorm()) {
          constant(parameters, layer + "norm.weight", 1, units);
          constant(parameters, layer + "norm.bias", 0, units);
          constant(parameters, layer + "norm.running_mean", 0, units);
          constant(parameters, layer + "norm.running_var", 1, units);
        }
        in = units;
      }
      linear(parameters, "output", spec.inputSize(), units);
      return new WeightLayout(parameters);
    }
    if (tokens) {
      parameters.add(new Parameter("embedding.weight", new long[] {spec.inputSize(), units}, Fill.NORMAL, 0.02));
    } else {
      linear(parameters, "input", units, spec.inputSize());
    }
    parameters.add(new Parameter("position.weight", new long[] {spec.context(), units}, Fill.NORMAL, 0.02));
    for (int k = 0; k < spec.layers(); k++) {
      String block = "layers." + k + ".";
      norm(parameters, block + "norm1", units);
      for (String part : new String[] {"query", "key", "value", "output"}) {
        linear(parameters, block + "attention." + part, units, units);
      }
      norm(parameters, block + "norm2", units);
      linear(parameters, block + "ff1", spec.feedForward(), units);
      linear(parameters, block + "ff2", units, spec.feedForward());
    }
    norm(parameters, "norm", units);
    linear(parameters, "output", spec.inputSize(), units);
    return new WeightLayout(parameters);
  }

  /** The tensor of that name. */
  public Parameter parameter(String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the layout has no tensor " + name));
  }

  /** The shapes by name, sorted, for comparison with exported weights. */
  public Map<String, List<Long>> shapes() {
    Map<String, List<Long>> shapes = new TreeMap<>();
    parameters.forEach(p -> shapes.put(p.name(), Arrays.stream(p.shape).boxed().toList()));
    return shapes;
  }

  private static void linear(List<Parameter> parameters, String name, int out, int in) {
    glorot(parameters, name + ".weight", out, in);
    constant(parameters, name + ".bias", 0, out);
  }

  private static void norm(List<Parameter> parameters, String name, int width) {
    constant(parameters, name + ".weight", 1, width);
    constant(parameters, name + ".bias", 0, width);
  }

  private static void glorot(List<Parameter> parameters, String name, int rows, int columns) {
    parameters.add(new Parameter(name, new long[] {rows, columns}, Fill.UNIFORM, Math.sqrt(6.0 / (rows + columns))));
  }

  private static void constant(List<Parameter> parameters, String name, double value, int size) {
    parameters.add(new Parameter(name, new long[] {size}, Fill.CONSTANT, value));
  }
}
