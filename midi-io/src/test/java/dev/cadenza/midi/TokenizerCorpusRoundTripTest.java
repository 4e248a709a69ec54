package dev.cadenza.midi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.music.Score;
import dev.cadenza.testing.SharedData;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreDiff;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.tokens.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every tokenizer on every file of the real corpora: decoding what it encoded gives exactly its quantized view,
 * and quantizing that view again changes nothing.
 */
class TokenizerCorpusRoundTripTest {

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({
      "note-chord, bach-chorales-midi, ''",
      "note-chord, nottingham-midi, rests=true;durations=true;velocity=true",
      "note-chord, bach-chorales-midi, rests=true;durations=true;step=0.25",
      "note-chord, nottingham-midi, ''",
      "performance, bach-chorales-midi, ''",
      "performance, nottingham-midi, ''",
      "remi, bach-chorales-midi, ''",
      "remi, nottingham-midi, ''",
      "remi, groove-midi, ''",
      "remi, nottingham-midi, programs=false;stepsPerQuarter=8",
      "piano-roll, bach-chorales-midi, ''",
      "piano-roll, nottingham-midi, ''",
      "chord-steps, bach-chorales-midi, ''",
      "drum-grid, groove-midi, ''",
      "drum-grid, groove-midi, velocity=true;stepsPerQuarter=8"})
  void decodeOfEncodeIsTheQuantizedView(String name, String corpus, String options) throws Exception {
    List<Score> scores = new ArrayList<>();
    List<Path> files = SharedData.files(corpus, ".mid");
    for (Path file : files) {
      scores.add(MidiReader.lenient().read(file).score());
    }
    ScoreEncoding encoding = Tokenizers.encoding(name, config(options));
    if (encoding instanceof Tokenizer t && t.needsVocabulary()) {
      encoding = t.withVocabulary(Vocabulary.fit(scores.stream().map(t::strings).toList(), 1));
    }
    long units = 0;
    for (int i = 0; i < scores.size(); i++) {
      Score view = encoding.quantize(scores.get(i));
      Score decoded;
      if (encoding instanceof Tokenizer t) {
        int[] ids = t.encode(scores.get(i));
        assertThat(t.check(ids).problem()).as(files.get(i).toString()).isEmpty();
        decoded = t.decode(ids);
        units += ids.length;
      } else {
        float[][] frames = ((FrameEncoding) encoding).encode(scores.get(i));
        decoded = ((FrameEncoding) encoding).decode(frames);
        units += frames.length;
      }
      Optional<String> difference = ScoreDiff.first(view, decoded);
      assertThat(difference).as(files.get(i).toString()).isEmpty();
      assertThat(encoding.quantize(view)).as(files.get(i) + ": quantize is idempotent").isEqualTo(view);
    }
    assertThat(units).isPositive();
  }

  private static TokenizerConfig config(String options) {
    TokenizerConfig config = TokenizerConfig.DEFAULTS;
    for (String kv : options.split(";")) {
      if (!kv.isBlank()) {
        String[] parts = kv.split("=", 2);
        config = config.with(parts[0], parts[1]);
      }
    }
    return config;
  }
}
