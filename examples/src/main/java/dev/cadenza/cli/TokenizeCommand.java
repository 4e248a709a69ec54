package dev.cadenza.cli;

import dev.cadenza.midi.MidiReader;
import dev.cadenza.music.Score;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreDiff;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.TokenizerProvider;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.tokens.Vocabulary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cadenza tokenize}: shows what a tokenizer makes of MIDI files, and checks its round trip. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
    description = {"Prints, per MIDI file, its token count and first tokens in readable form.",
        "With --check-round-trip, decodes the tokens again and compares with the tokenizer's quantized view of "
            + "the file: 'exact' or the first difference."})
final class TokenizeCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--list", description = "List the tokenizers, with what each keeps and drops.")
  private boolean list;

  @Option(names = {"-t", "--tokenizer"}, paramLabel = "NAME", description = "The tokenizer (see --list).")
  private String tokenizer;

  @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE", description = "A tokenizer option; repeatable.")
  private Map<String, String> options = new LinkedHashMap<>();

  @Option(names = "--show", paramLabel = "N", defaultValue = "16", description = "How many tokens to print per file (default: ${DEFAULT-VALUE}).")
  private int show;

  @Option(names = "--check-round-trip", description = "Decode again and compare with the quantized view.")
  private boolean checkRoundTrip;

  @Option(names = "--min-count", paramLabel = "N", defaultValue = "1",
      description = "For tokenizers with a fitted vocabulary: occurrences a token needs (default: ${DEFAULT-VALUE}).")
  private int minCount;

  @Parameters(arity = "0..*", paramLabel = "FILE-OR-FOLDER", description = "MIDI files, or folders holding them.")
  private List<Path> paths = new ArrayList<>();

  /** A file, and its score or why there is none. */
  private record Read(Path file, Score score, String error) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      for (TokenizerProvider p : Tokenizers.providers()) {
        out.printf("%-12s %s%n", p.name(), p.summary());
      }
      return 0;
    }
    if (tokenizer == null || paths.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "name a --tokenizer and at least one file or folder (or use --list)");
    }
    OptionChecks.atLeast(spec, "--show", show, 0);
    OptionChecks.atLeast(spec, "--min-count", minCount, 1);
    ScoreEncoding encoding;
    try {
      encoding = Tokenizers.encoding(tokenizer, new TokenizerConfig(options));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    List<Read> reads = read();
    if (encoding instanceof Tokenizer t && t.needsVocabulary()) {
      encoding = t.withVocabulary(Vocabulary.fit(
          reads.stream().filter(r -> r.score() != null).map(r -> t.strings(r.score())).toList(), minCount));
      out.printf("vocabulary fitted to %d files: %d tokens%n", reads.stream().filter(r -> r.score() != null).count(),
          ((Tokenizer) encoding).vocabulary().size());
    }
    int exact = 0;
    int differ = 0;
    int unreadable = 0;
    for (Read r : reads) {
      if (r.score() == null) {
        unreadable++;
        out.println(r.file() + ": error: " + r.error());
        continue;
      }
      out.println(r.file() + ": " + describe(encoding, r.score()));
      if (checkRoundTrip) {
        Optional<String> difference = ScoreDiff.first(encoding.quantize(r.score()), roundTrip(encoding, r.score()));
        out.println("  round trip: " + difference.map(d -> "differs: " + d).orElse("exact"));
        if (difference.isPresent()) {
          differ++;
        } else {
          exact++;
        }
      }
    }
    if (checkRoundTrip) {
      out.printf("round-trip: %d files, %d exact, %d differ, %d unreadable%n", reads.size(), exact, differ, unreadable);
    }
    return 0;
  }

  private List<Read> read() {
    return MidiInputs.find(spec, "", paths).stream().map(file -> MidiInputs.read(MidiReader.lenient(), file))
        .map(in -> new Read(in.file(), in.midi() == null ? null : in.midi().score(), in.error())).toList();
  }

  private String describe(ScoreEncoding encoding, Score score) {
    if (encoding instanceof Tokenizer t) {
      int[] ids = t.encode(score);
      return ids.length + " tokens: " + Arrays.stream(ids).limit(show).mapToObj(t.vocabulary()::token)
          .collect(Collectors.joining(" ")) + (ids.length > show ? " ..." : "");
    }
    FrameEncoding f = (FrameEncoding) encoding;
    float[][] frames = f.encode(score);
    return frames.length + " frames: " + Arrays.stream(frames).limit(show).map(frame -> "[" + f.describe(frame) + "]")
        .collect(Collectors.joining(" ")) + (frames.length > show ? " ..." : "");
  }

  private static Score roundTrip(ScoreEncoding encoding, Score score) {
    if (encoding instanceof Tokenizer t) {
      return t.decode(t.encode(score));
    }
    FrameEncoding f = (FrameEncoding) encoding;
    return f.decode(f.encode(score));
  }
}
