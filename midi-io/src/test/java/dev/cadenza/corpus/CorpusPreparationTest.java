package dev.cadenza.corpus;

import static dev.cadenza.corpus.PreparationFixtures.messyFolder;
import static dev.cadenza.corpus.PreparationFixtures.rejects;
import static dev.cadenza.corpus.PreparationFixtures.shardTokens;
import static dev.cadenza.corpus.PreparationFixtures.splits;
import static dev.cadenza.corpus.PreparationFixtures.tune;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.data.EncodedPiece;
import dev.cadenza.data.PreparedCorpus;
import dev.cadenza.data.PreparedCorpus.Split;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.music.Score;
import dev.cadenza.testing.SharedData;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorpusPreparationTest {
  private static CorpusPreparation.Report prepare(PreparationSettings settings, Path input, Path output) throws Exception {
    return new CorpusPreparation(settings).prepare(List.of(input), output, false, 2, (done, total) -> { });
  }

  @ParameterizedTest
  @CsvSource({"bach-chorales-midi, remi", "nottingham-midi, remi", "bach-chorales-midi, note-chord"})
  void theShardsHoldExactlyTheTokensMidiCorpusMakesForEachFile(String set, String tokenizer, @TempDir Path dir) throws Exception {
    Path input = SharedData.dir(set);
    PreparationSettings settings = PreparationSettings.defaults(tokenizer, Map.of()).withFilters(0, 0, Set.of(), Set.of())
        .withSizes(20_000, 1);
    CorpusPreparation.Report report = prepare(settings, input, dir.resolve("out"));
    PreparedCorpus corpus = PreparedCorpus.open(dir.resolve("out"));
    Corpus reference = MidiCorpus.builder(Tokenizers.encoding(tokenizer, TokenizerConfig.DEFAULTS)).cacheDirectory(null).build()
        .load(List.of(input));
    Tokenizer referenceTokenizer = (Tokenizer) reference.encoding();
    Map<String, List<String>> expected = new HashMap<>();
    for (EncodedPiece piece : reference.pieces()) {
      expected.put(piece.source(), Arrays.stream(((EncodedPiece.Tokens) piece).ids()).mapToObj(referenceTokenizer.vocabulary()::token).toList());
    }
    Map<String, List<String>> actual = shardTokens(corpus);
    Map<String, List<String>> rejected = rejects(dir.resolve("out"));
    assertThat(actual.size() + rejected.size()).isEqualTo(report.counts().files()).isEqualTo(expected.size() + reference.skipped().size());
    assertThat(rejected.values()).allSatisfy(r -> assertThat(r.get(0)).isEqualTo("duplicate"));
    assertThat(actual).isNotEmpty().allSatisfy((source, tokens) -> assertThat(tokens).as(source).isEqualTo(expected.get(source)));
    assertThat(corpus.manifest().shards(Split.TRAIN).size()).as("several shards").isGreaterThan(1);
    long shardTokens = corpus.manifest().shards().stream().mapToLong(PreparedCorpus.Shard::tokens).sum();
    assertThat(shardTokens).isEqualTo(actual.values().stream().mapToLong(List::size).sum());
  }

  @Test
  void corruptAndDuplicateFilesAreInTheRejectsTableAndTheRestIsKept(@TempDir Path dir) throws Exception {
    Path input = messyFolder(dir.resolve("in"));
    CorpusPreparation.Report report = prepare(PreparationSettings.defaults("remi", Map.of()), input, dir.resolve("out"));
    Map<String, List<String>> rejected = rejects(dir.resolve("out"));
    assertThat(rejected).containsOnlyKeys(input.resolve("z-copies/tune1 (copy).mid").toString(),
        input.resolve("z-copies/tune2-again.mid").toString(), input.resolve("empty.mid").toString(),
        input.resolve("notes.mid").toString(), input.resolve("cut.mid").toString());
    assertThat(rejected.get(input.resolve("z-copies/tune1 (copy).mid").toString()))
        .containsExactly("duplicate", "the same bytes as " + input.resolve("tune1.mid"));
    assertThat(rejected.get(input.resolve("z-copies/tune2-again.mid").toString()))
        .containsExactly("duplicate", "the same notes as " + input.resolve("tune2.mid"));
    assertThat(List.of("empty.mid", "notes.mid", "cut.mid")).allSatisfy(name ->
        assertThat(rejected.get(input.resolve(name).toString()).get(0)).isEqualTo("unreadable"));
    assertThat(report.counts()).isEqualTo(new PreparedCorpus.Counts(9, 4, 3, 2, 0));
    assertThat(shardTokens(PreparedCorpus.open(dir.resolve("out")))).containsOnlyKeys(
        List.of(0, 1, 2, 3).stream().map(i -> input.resolve("tune" + i + ".mid").toString()).toList());
  }

  @Test
  void theFiltersLeaveOutWhatTheySayAndSayWhy(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("in");
    MidiWriter writer = new MidiWriter();
    writer.write(tune(1, 0, 100, "piano"), input.resolve("piano.mid"));
    writer.write(tune(2, 40, 100, "violin"), input.resolve("violin.mid"));
    Score waltz = tune(3, 0, 100, "piano");
    writer.write(new Score(waltz.tempoMap(), waltz.tracks(), List.of(new dev.cadenza.music.TimeSignature(0, 3, 4)), List.of()),
        input.resolve("waltz.mid"));
    PreparationSettings settings = PreparationSettings.defaults("remi", Map.of()).withFilters(16, 0, Set.of(0, 1, 2), Set.of("4/4"));
    CorpusPreparation.Report report = prepare(settings, input, dir.resolve("out"));
    Map<String, List<String>> rejected = rejects(dir.resolve("out"));
    assertThat(rejected.get(input.resolve("violin.mid").toString())).containsExactly("filtered", "programs [40] are not among [0, 1, 2]");
    assertThat(rejected.get(input.resolve("waltz.mid").toString())).containsExactly("filtered", "time signatures [3/4] are not among [4/4]");
    assertThat(report.counts().kept()).isEqualTo(1);
    int tokens = shardTokens(PreparedCorpus.open(dir.resolve("out"))).values().iterator().next().size();
    prepare(settings.withFilters(tokens + 1, 0, Set.of(), Set.of()), input, dir.resolve("longer"));
    assertThat(rejects(dir.resolve("longer")).get(input.resolve("piano.mid").toString()))
        .containsExactly("filtered", tokens + " tokens, fewer than " + (tokens + 1));
  }

  @Test
  void aFileKeepsItsSplitWhenFilesAreAddedAndTheSharesHold(@TempDir Path dir) throws Exception {
    MidiWriter writer = new MidiWriter();
    Path input = dir.resolve("in");
    for (int i = 0; i < 300; i++) {
      writer.write(tune(i, 0, 100, "tune"), input.resolve("a/tune" + i + ".mid"));
    }
    PreparationSettings settings = PreparationSettings.defaults("remi", Map.of()).withSplit(7, 0.2, 0.1);
    prepare(settings, input, dir.resolve("before"));
    for (int i = 300; i < 600; i++) {
      writer.write(tune(i, 0, 100, "tune"), input.resolve("b/tune" + i + ".mid"));
    }
    prepare(settings, input, dir.resolve("after"));
    Map<String, Split> before = splits(PreparedCorpus.open(dir.resolve("before")));
    Map<String, Split> after = splits(PreparedCorpus.open(dir.resolve("after")));
    assertThat(before).hasSize(300);
    assertThat(after).hasSize(600).containsAllEntriesOf(before);
    Map<Split, Long> shares = after.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    assertThat(shares.get(Split.VALIDATION)).isBetween(80L, 160L);
    assertThat(shares.get(Split.TEST)).isBetween(30L, 90L);
    prepare(settings.withSplit(8, 0.2, 0.1), input, dir.resolve("other-seed"));
    assertThat(splits(PreparedCorpus.open(dir.resolve("other-seed")))).as("another seed, another split").isNotEqualTo(after);
  }

  @Test
  void aCorpusInTheOutputIsReplacedOnlyWhenAskedAndThenOnlyItsFiles(@TempDir Path dir) throws Exception {
    Path input = messyFolder(dir.resolve("in"));
    Path output = dir.resolve("out");
    prepare(PreparationSettings.defaults("remi", Map.of()), input, output);
    Files.writeString(output.resolve("my-notes.txt"), "mine");
    assertThatThrownBy(() -> prepare(PreparationSettings.defaults("remi", Map.of()), input, output))
        .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("holds a prepared corpus already");
    new CorpusPreparation(PreparationSettings.defaults("remi", Map.of()).withSplit(9, 0.5, 0))
        .prepare(List.of(input), output, true, 1, (done, total) -> { });
    assertThat(PreparedCorpus.open(output).manifest().settings()).containsEntry("seed", "9");
    assertThat(output.resolve("my-notes.txt")).hasContent("mine");
  }

  @Test
  void anEncodingOfFramesIsRefusedWithAReason() {
    assertThatThrownBy(() -> new CorpusPreparation(PreparationSettings.defaults("piano-roll", Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gives frames");
  }
}
