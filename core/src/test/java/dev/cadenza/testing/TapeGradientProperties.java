package dev.cadenza.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.testing.Tape.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.assertj.core.data.Offset;

/**
 * The reference backend's gradients are right: for every operation of {@link Tape}, on random inputs, the
 * gradient that {@link Tape#backward} computes equals the central finite difference of the loss (a binary
 * cross-entropy of the operation's output against random targets, so that every output value counts).
 */
class TapeGradientProperties {
  /** One operation on random leaves: how many leaves of which shape, and the output it makes. */
  private record Operation(String name, int[][] shapes, BiFunction<Tape, Node[], Node> apply) {}

  private static final List<Operation> OPERATIONS = List.of(
      new Operation("linear", new int[][] {{3, 4}, {5, 4}, {1, 5}}, (t, x) -> t.linear(x[0], x[1], x[2])),
      new Operation("add", new int[][] {{3, 4}, {3, 4}}, (t, x) -> t.add(x[0], x[1])),
      new Operation("mul", new int[][] {{3, 4}, {3, 4}}, (t, x) -> t.mul(x[0], x[1])),
      new Operation("scale", new int[][] {{2, 3}}, (t, x) -> t.scale(x[0], new double[] {0, 2, 1, 0.5, 2, 0})),
      new Operation("sigmoid", new int[][] {{2, 5}}, (t, x) -> t.sigmoid(x[0])),
      new Operation("tanh", new int[][] {{2, 5}}, (t, x) -> t.tanh(x[0])),
      new Operation("gelu", new int[][] {{2, 5}}, (t, x) -> t.gelu(x[0])),
      new Operation("columns", new int[][] {{3, 6}}, (t, x) -> t.columns(x[0], 2, 5)),
      new Operation("rows", new int[][] {{4, 3}}, (t, x) -> t.rows(x[0], new int[] {3, 0, 3, 1})),
      new Operation("stack", new int[][] {{2, 3}, {1, 3}}, (t, x) -> t.stack(List.of(x[0], x[1]))),
      new Operation("layerNorm", new int[][] {{3, 5}, {1, 5}, {1, 5}}, (t, x) -> t.layerNorm(x[0], x[1], x[2])),
      new Operation("attention", new int[][] {{6, 4}, {6, 4}, {6, 4}}, (t, x) -> t.attention(x[0], x[1], x[2], 2, 2)),
      new Operation("crossEntropy", new int[][] {{3, 4}}, (t, x) -> t.crossEntropy(x[0], new int[] {1, 3, 0})),
      new Operation("sum", new int[][] {{1, 1}, {1, 1}}, (t, x) -> t.sum(List.of(x[0], x[1]), 0.5)));

  @Provide
  Arbitrary<Integer> operations() {
    return Arbitraries.integers().between(0, OPERATIONS.size() - 1);
  }

  @Property(tries = 60)
  void backwardMatchesFiniteDifferences(@ForAll @From("operations") int which, @ForAll long seed) {
    Operation operation = OPERATIONS.get(which);
    Random random = new Random(seed);
    Node[] leaves = new Node[operation.shapes().length];
    for (int i = 0; i < leaves.length; i++) {
      int[] shape = operation.shapes()[i];
      double[] values = new double[shape[0] * shape[1]];
      for (int k = 0; k < values.length; k++) {
        values[k] = random.nextGaussian();
      }
      leaves[i] = new Node(shape[0], shape[1], values);
    }
    Node probe = operation.apply().apply(new Tape(), leaves);
    double[] targets = random.doubles(probe.v.length).toArray();

    Tape tape = new Tape();
    Node loss = loss(tape, operation, leaves, targets);
    tape.backward(loss);
    List<double[]> analytic = new ArrayList<>();
    for (Node leaf : leaves) {
      analytic.add(leaf.g == null ? new double[leaf.v.length] : leaf.g.clone());
      leaf.g = null;
    }
    double h = 1e-6;
    for (int i = 0; i < leaves.length; i++) {
      for (int k = 0; k < leaves[i].v.length; k++) {
        double kept = leaves[i].v[k];
        leaves[i].v[k] = kept + h;
        double up = loss(new Tape(), operation, leaves, targets).v[0];
        leaves[i].v[k] = kept - h;
        double down = loss(new Tape(), operation, leaves, targets).v[0];
        leaves[i].v[k] = kept;
        double numeric = (up - down) / (2 * h);
        assertThat(analytic.get(i)[k]).as("%s: d loss / d input %d value %d", operation.name(), i, k)
            .isCloseTo(numeric, Offset.offset(1e-6 * Math.max(1, Math.abs(numeric))));
      }
    }
  }

  private static Node loss(Tape tape, Operation operation, Node[] leaves, double[] targets) {
    return tape.binaryCrossEntropy(operation.apply().apply(tape, leaves), targets);
  }

  @Example
  void erfMatchesTabulatedValues() {
    double[][] table = {{0, 0}, {0.5, 0.5204998778130465}, {1, 0.8427007929497149}, {2, 0.9953222650189527},
        {2.5, 0.9995930479825550}, {3, 0.9999779095030014}, {-1.5, -0.9661051464753108}, {5, 0.9999999999984626}};
    for (double[] row : table) {
      assertThat(Tape.erf(row[0])).as("erf(%s)", row[0]).isCloseTo(row[1], Offset.offset(1e-13));
    }
  }
}
