package dev.cadenza.spark;

import static dev.cadenza.corpus.PreparationFixtures.messyFolder;
import static dev.cadenza.corpus.PreparationFixtures.rejects;
import static dev.cadenza.corpus.PreparationFixtures.shardTokens;
import static dev.cadenza.corpus.PreparationFixtures.splits;
import static dev.cadenza.corpus.PreparationFixtures.tune;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.corpus.Corpus;
import dev.cadenza.corpus.CorpusPreparation;
import dev.cadenza.corpus.MidiCorpus;
import dev.cadenza.corpus.PreparationSettings;
import dev.cadenza.data.EncodedPiece;
import dev.cadenza.data.PreparedCorpus;
import dev.cadenza.data.PreparedCorpus.Split;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.testing.SharedData;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SparkPreparationTest extends LocalSpark {
  /** A Spark source (a URI) as the local path it names. */
  private static String path(String source) {
    return URI.create(source.replace(" ", "%20")).getPath();
  }

  private static <V> Map<String, V> byPath(Map<String, V> bySource) {
    return bySource.entrySet().stream().collect(Collectors.toMap(e -> path(e.getKey()), Map.Entry::getValue));
  }

  @ParameterizedTest
  @CsvSource({"bach-chorales-midi, remi, 100000", "nottingham-midi, remi, 500000", "bach-chorales-midi, note-chord, 20000"})
  void theShardsHoldExactlyTheTokensMidiCorpusMakesAndTheLocalEngineSplitsAlike(String set, String tokenizer, long shardTokens,
      @TempDir Path dir)
      throws Exception {
    Path input = SharedData.dir(set);
    PreparationSettings settings = PreparationSettings.defaults(tokenizer, Map.of()).withFilters(0, 0, Set.of(), Set.of())
        .withSizes(shardTokens, 1);
    CorpusPreparation.Report report = SparkPreparationEngine.prepare(spark, settings, List.of(input.toString()),
        dir.resolve("spark").toString(), false);
    PreparedCorpus corpus = PreparedCorpus.open(dir.resolve("spark"));
    Corpus reference = MidiCorpus.builder(Tokenizers.encoding(tokenizer, TokenizerConfig.DEFAULTS)).cacheDirectory(null).build()
        .load(List.of(input));
    Tokenizer referenceTokenizer = (Tokenizer) reference.encoding();
    Map<String, List<String>> expected = new HashMap<>();
    for (EncodedPiece piece : reference.pieces()) {
      expected.put(piece.source(), Arrays.stream(((EncodedPiece.Tokens) piece).ids()).mapToObj(referenceTokenizer.vocabulary()::token).toList());
    }
    Map<String, List<String>> actual = byPath(shardTokens(corpus));
    assertThat(actual).isNotEmpty().allSatisfy((source, tokens) -> assertThat(tokens).as(source).isEqualTo(expected.get(source)));
    assertThat(corpus.manifest().shards(Split.TRAIN).size()).as("several shards").isGreaterThan(1);

    new CorpusPreparation(settings).prepare(List.of(input), dir.resolve("local"), false, 2, (done, total) -> { });
    PreparedCorpus local = PreparedCorpus.open(dir.resolve("local"));
    assertThat(byPath(splits(corpus))).isEqualTo(splits(local));
    assertThat(report.counts()).isEqualTo(local.manifest().counts());
    assertThat(corpus.manifest().shards()).as("the shards local cuts").isEqualTo(local.manifest().shards());
    assertThat(corpus.tokenizer().vocabulary().tokens()).isEqualTo(local.tokenizer().vocabulary().tokens());
  }

  @Test
  void corruptAndDuplicateFilesAreInTheRejectsTable(@TempDir Path dir) throws Exception {
    Path input = messyFolder(dir.resolve("in"));
    CorpusPreparation.Report report = SparkPreparationEngine.prepare(spark, PreparationSettings.defaults("remi", Map.of()),
        List.of(input.toString()), dir.resolve("out").toString(), false);
    Map<String, List<String>> rejected = byPath(rejects(dir.resolve("out")));
    Function<String, String> uri = name -> path(input.resolve(name).toUri().toString());
    assertThat(rejected).containsOnlyKeys(uri.apply("z-copies/tune1 (copy).mid"), uri.apply("z-copies/tune2-again.mid"),
        uri.apply("empty.mid"), uri.apply("notes.mid"), uri.apply("cut.mid"));
    assertThat(rejected.get(uri.apply("z-copies/tune1 (copy).mid")).get(0)).isEqualTo("duplicate");
    assertThat(rejected.get(uri.apply("z-copies/tune1 (copy).mid")).get(1)).startsWith("the same bytes as ").endsWith("/tune1.mid");
    assertThat(rejected.get(uri.apply("z-copies/tune2-again.mid")).get(1)).startsWith("the same notes as ").endsWith("/tune2.mid");
    assertThat(List.of("empty.mid", "notes.mid", "cut.mid")).allSatisfy(name ->
        assertThat(rejected.get(uri.apply(name)).get(0)).isEqualTo("unreadable"));
    assertThat(report.counts()).isEqualTo(new PreparedCorpus.Counts(9, 4, 3, 2, 0));
    assertThatThrownBy(() -> SparkPreparationEngine.prepare(spark, PreparationSettings.defaults("remi", Map.of()),
        List.of(input.toString()), dir.resolve("out").toString(), false)).isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void aFileKeepsItsSplitWhenFilesAreAdded(@TempDir Path dir) throws Exception {
    MidiWriter writer = new MidiWriter();
    Path input = dir.resolve("in");
    for (int i = 0; i < 120; i++) {
      writer.write(tune(i, 0, 100, "tune"), input.resolve("a/tune" + i + ".mid"));
    }
    PreparationSettings settings = PreparationSettings.defaults("remi", Map.of()).withSplit(3, 0.25, 0.25);
    SparkPreparationEngine.prepare(spark, settings, List.of(input.toString()), dir.resolve("before").toString(), false);
    for (int i = 120; i < 240; i++) {
      writer.write(tune(i, 0, 100, "tune"), input.resolve("b/tune" + i + ".mid"));
    }
    SparkPreparationEngine.prepare(spark, settings, List.of(input.toString()), dir.resolve("after").toString(), false);
    Map<String, Split> before = splits(PreparedCorpus.open(dir.resolve("before")));
    assertThat(before).hasSize(120).containsValues(Split.TRAIN, Split.VALIDATION, Split.TEST);
    assertThat(splits(PreparedCorpus.open(dir.resolve("after")))).hasSize(240).containsAllEntriesOf(before);
  }
}
