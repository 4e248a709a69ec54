package dev.cadenza.benchmarks;

import dev.cadenza.midi.MidiFormatException;
import dev.cadenza.midi.MidiReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading a whole corpus held in memory: Cadenza's reader (to a {@link dev.cadenza.music.Score}) beside the
 * JDK's {@code MidiSystem.getSequence} (to a {@link Sequence}), in the same run. One operation reads every file
 * once; {@link MidiReadReport} turns the scores into files/s and MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MidiReadThroughput {
  /** The corpus, a folder below the data root. */
  @Param({"bach-chorales-midi"})
  public String corpus;

  private List<byte[]> files;

  /** Loads the corpus into memory. */
  @Setup
  public void load() {
    files = BenchmarkData.midiBytes(corpus);
  }

  /** Cadenza's lenient reader. */
  @Benchmark
  public void cadenza(Blackhole sink) throws MidiFormatException {
    MidiReader reader = MidiReader.lenient();
    for (byte[] file : files) {
      sink.consume(reader.read(file, "benchmark.mid"));
    }
  }

  /** The JDK's reader, the baseline. */
  @Benchmark
  public void jdk(Blackhole sink) throws InvalidMidiDataException, IOException {
    for (byte[] file : files) {
      sink.consume(MidiSystem.getSequence(new ByteArrayInputStream(file)));
    }
  }
}
