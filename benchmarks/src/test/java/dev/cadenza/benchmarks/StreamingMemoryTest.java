package dev.cadenza.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.corpus.CorpusPreparation;
import dev.cadenza.corpus.PreparationSettings;
import dev.cadenza.data.PreparedCorpus;
import dev.cadenza.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingMemoryTest {
  private static final long BOUND = 64L << 20;

  @Test
  void streamingHeapStaysUnderABoundOnACorpusMadeTenTimesLarger(@TempDir Path dir) throws Exception {
    Path midi = SharedData.dir("nottingham-midi");
    new CorpusPreparation(PreparationSettings.defaults("remi", Map.of())).prepare(List.of(midi), dir.resolve("1x"), false, 2,
        (done, total) -> { });
    PreparedCorpus one = PreparedCorpus.open(dir.resolve("1x"));
    PreparedCorpus ten = StreamingMemory.scaled(one, 10, dir.resolve("10x"));
    long tokens = ten.manifest().shards().stream().mapToLong(PreparedCorpus.Shard::tokens).sum();
    assertThat(tokens * Integer.BYTES).as("the 10x corpus's ids alone").isGreaterThan(2 * BOUND);
    assertThat(StreamingMemory.streamed(ten).trainWindowCount()).isGreaterThan(9 * StreamingMemory.streamed(one).trainWindowCount());
    long streamedOne = StreamingMemory.retainedBytes(() -> StreamingMemory.streamed(one));
    long streamedTen = StreamingMemory.retainedBytes(() -> StreamingMemory.streamed(ten));
    assertThat(streamedTen).as("streaming the 10x corpus (%d tokens)", tokens).isLessThan(BOUND);
    assertThat(streamedTen).as("flat: 10x against 1x (%d bytes)", streamedOne).isLessThan(streamedOne + (16L << 20));
  }
}
