package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.Digests;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mistake a user can make on the command line, as a table: each case must exit with its status (2 for
 * unusable arguments, 1 for a failure while working), print one line on standard error that names the problem,
 * nothing on standard output and no stack trace, and leave every file of the fixture as it was.
 */
class BadInputTest {
  private static Path root;
  private static Path caches;

  /**
   * A folder of small tunes, a broken file, an empty folder, text files, a trained LSTM run and a trained
   * Transformer run, a folder with only a loss history, a corrupt and a truncated bundle.
   */
  @BeforeAll
  static void fixture(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Cli.assumeBackends("djl");
    root = Files.createDirectories(dir.resolve("fixture"));
    caches = Files.createDirectories(dir.resolve("caches"));
    Path data = Files.createDirectories(root.resolve("data"));
    for (int t = 0; t < 6; t++) {
      List<Note> notes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        notes.add(new Note(60 + (i * (t + 2)) % 12, 80, i * 240L, 240));
      }
      new MidiWriter().write(Score.of(TempoMap.constant(480, 100), List.of(Track.of("", 0, 0, notes))), data.resolve("tune" + t + ".mid"));
    }
    Files.createDirectories(root.resolve("empty"));
    Files.writeString(Files.createDirectories(root.resolve("broken-only")).resolve("broken.mid"), "not midi");
    Files.writeString(root.resolve("notes.txt"), "a text file");
    Files.writeString(root.resolve("notmidi.mid"), "not midi either");
    Files.createDirectories(root.resolve("folder.mid"));
    Files.writeString(root.resolve("labels.csv"), "midi_filename,style,split\ndata/tune0.mid,rock/groove1,train\n");
    Files.writeString(root.resolve("labels-nostyle.csv"), "midi_filename,genre\ndata/tune0.mid,rock\n");
    Files.writeString(root.resolve("labels-testonly.csv"), "midi_filename,style,split\ndata/tune0.mid,rock/groove1,test\n");
    Files.writeString(root.resolve("labels-badsplit.csv"), "midi_filename,style,split\ndata/tune0.mid,rock,later\n");
    train("run", "lstm");
    train("transformer-run", "transformer");
    Files.writeString(Files.createDirectories(root.resolve("partial")).resolve("loss.csv"), "epoch,train_loss\n1,2.5\n");
    Files.writeString(root.resolve("corrupt.cadenza"), "garbage");
    byte[] bundle = Files.readAllBytes(root.resolve("run/best.cadenza"));
    Files.write(root.resolve("truncated.cadenza"), Arrays.copyOf(bundle, bundle.length / 2));
  }

  private static void train(String name, String family) {
    Cli.Run run = Cli.run("train", "--data-dir", root.resolve("data").toString(), "--architecture", family, "--backend", "djl",
        "--units", "8", "--model-width", "8", "--heads", "2", "--feed-forward", "16", "--num-layers", "1",
        "--embedding-size", "4", "--sequence-length", "16", "--epochs", "1", "--dropout", "0",
        "--checkpoint-dir", root.resolve(name).toString(), "--cache-dir", caches.toString());
    assertThat(run.status()).as(run.err()).isZero();
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        // info
        bad(2, "Missing required parameter: 'FILE-OR-FOLDER'", "info"),
        bad(2, "missing.mid: no such file or folder", "info", "{root}/missing.mid"),
        bad(2, "empty: no MIDI files", "info", "{root}/empty"),
        bad(2, "Invalid value for option '--charset'", "info", "--charset", "NOPE", "{root}/data"),
        bad(2, "Unknown option: '--colour'", "info", "--colour", "{root}/data"),
        // tokenize
        bad(2, "name a --tokenizer", "tokenize", "{root}/data"),
        bad(2, "no tokenizer named 'nosuch'", "tokenize", "-t", "nosuch", "{root}/data"),
        bad(2, "tokenizer remi has no option [foo]", "tokenize", "-t", "remi", "-o", "foo=bar", "{root}/data"),
        bad(2, "option stepsPerQuarter must be a whole number", "tokenize", "-t", "remi", "-o", "stepsPerQuarter=abc", "{root}/data"),
        bad(2, "missing: no such file or folder", "tokenize", "-t", "remi", "{root}/missing"),
        bad(2, "empty: no MIDI files", "tokenize", "-t", "remi", "{root}/empty"),
        bad(2, "--show must be at least 0", "tokenize", "-t", "remi", "--show", "-1", "{root}/data"),
        bad(2, "--min-count must be at least 1", "tokenize", "-t", "remi", "--min-count", "0", "{root}/data"),
        bad(2, "Invalid value for option '--show'", "tokenize", "-t", "remi", "--show", "many", "{root}/data"),
        // train: options
        bad(2, "give --data-dir (MIDI files) or --data (a prepared corpus): one of them", "train"),
        bad(2, "--data-dir {root}/missing: no such folder", "train", "--data-dir", "{root}/missing"),
        bad(2, "--data-dir {root}/empty: no MIDI files", "train", "--data-dir", "{root}/empty"),
        bad(2, "--data-dir {root}/broken-only: none of the 1 MIDI files could be read", "train", "--data-dir", "{root}/broken-only"),
        bad(2, "--epochs must be at least 1, was 0", "train", "--data-dir", "{root}/data", "--epochs", "0"),
        bad(2, "--epochs must be at least 1, was -3", "train", "--data-dir", "{root}/data", "--epochs", "-3"),
        bad(2, "Invalid value for option '--epochs'", "train", "--data-dir", "{root}/data", "--epochs", "ten"),
        bad(2, "--batch-size must be at least 1", "train", "--data-dir", "{root}/data", "--batch-size", "0"),
        bad(2, "--sequence-length must be at least 2", "train", "--data-dir", "{root}/data", "--sequence-length", "1"),
        bad(2, "--learning-rate must be above 0", "train", "--data-dir", "{root}/data", "--learning-rate", "0"),
        bad(2, "--learning-rate must be above 0", "train", "--data-dir", "{root}/data", "--learning-rate", "-0.1"),
        bad(2, "--dropout must be from 0.0 to below 1.0", "train", "--data-dir", "{root}/data", "--dropout", "1"),
        bad(2, "--dropout must be from 0.0 to below 1.0", "train", "--data-dir", "{root}/data", "--dropout", "-0.5"),
        bad(2, "--validation-split must be from 0.0 to below 1.0", "train", "--data-dir", "{root}/data", "--validation-split", "1"),
        bad(2, "--units must be at least 1", "train", "--data-dir", "{root}/data", "--units", "0"),
        bad(2, "--num-layers must be at least 1", "train", "--data-dir", "{root}/data", "--num-layers", "0"),
        bad(2, "--embedding-size must be at least 1", "train", "--data-dir", "{root}/data", "--embedding-size", "0"),
        bad(2, "--patience must be at least 1", "train", "--data-dir", "{root}/data", "--patience", "0"),
        bad(2, "--gradient-clip must be 0 (off) or above", "train", "--data-dir", "{root}/data", "--gradient-clip", "-1"),
        bad(2, "--stride must be at least 1", "train", "--data-dir", "{root}/data", "--stride", "0"),
        bad(2, "--heads must be at least 1", "train", "--data-dir", "{root}/data", "--heads", "0"),
        bad(2, "--transpose takes LOW,HIGH", "train", "--data-dir", "{root}/data", "--transpose", "5"),
        bad(2, "--transpose takes LOW,HIGH", "train", "--data-dir", "{root}/data", "--transpose", "6,-5"),
        bad(2, "--model is the old name of --architecture: give one", "train", "--data-dir", "{root}/data", "--model", "lstm",
            "--architecture", "lstm"),
        bad(2, "--primer and --primer-random are alternatives", "generate", "--primer", "{root}/data/a.mid", "--primer-random"),
        bad(2, "--programs must be from 0 to 127, was 128", "generate", "--programs", "0,128"),
        bad(2, "--programs: 'piano' is not a whole number", "generate", "--programs", "piano"),
        bad(2, "--tempo-range 90: give two tempos", "generate", "--tempo-range", "90"),
        bad(2, "--time-signature a time signature reads like 3/4, was 'waltz'", "generate", "--time-signature", "waltz"),
        bad(2, "--max-polyphony must be at least 0", "generate", "--max-polyphony", "-1"),
        bad(2, "--audio takes wav and mp3, was [ogg]", "generate", "--audio", "ogg"),
        bad(2, "--data {root}/missing: no such file or folder", "evaluate", "--model", "{root}/run", "--data", "{root}/missing"),
        bad(2, "--model {root}/nothing: no model bundle", "evaluate", "--model", "{root}/nothing", "--data", "{root}/data"),
        bad(2, "--dataset {root}/data: no train.txt: not a poly-music data set folder", "benchmark", "poly", "--dataset", "{root}/data"),
        bad(2, "--dataset {root}/missing: no such folder", "benchmark", "poly", "--dataset", "{root}/missing"),
        bad(2, "--form must be factorized, exact or both, was 'joint'", "benchmark", "poly", "--dataset", "{root}/data", "--form", "joint"),
        bad(2, "--epochs must be at least 1", "benchmark", "poly", "--dataset", "{root}/data", "--epochs", "0"),
        bad(2, "name a benchmark to run: poly", "benchmark"),
        bad(2, "--architecture must be lstm or transformer, was 'gru'", "train", "--data-dir", "{root}/data", "--architecture", "gru"),
        bad(2, "no tokenizer named 'nosuch'", "train", "--data-dir", "{root}/data", "--tokenizer", "nosuch"),
        bad(2, "has no option [nosuch]", "train", "--data-dir", "{root}/data", "-o", "nosuch=1"),
        bad(2, "no backend named 'theano'", "train", "--data-dir", "{root}/data", "--backend", "theano"),
        bad(2, "--checkpoint-dir {root}/notes.txt is a file", "train", "--data-dir", "{root}/data", "--checkpoint-dir", "{root}/notes.txt"),
        bad(2, "--cache-dir {root}/notes.txt is a file", "train", "--data-dir", "{root}/data", "--cache-dir", "{root}/notes.txt"),
        bad(2, "--resume and --overwrite exclude each other", "train", "--data-dir", "{root}/data", "--resume", "--overwrite"),
        // train: the data and the folder
        bad(2, "holds an earlier run (1 epochs; its best model, of epoch 1", "train", "--data-dir", "{root}/data",
            "--checkpoint-dir", "{root}/run"),
        bad(2, "holds an earlier run (only loss.csv, not a model and its state, so it cannot be resumed with --resume); "
            + "replace it with --overwrite", "train", "--data-dir", "{root}/data", "--checkpoint-dir", "{root}/partial", "--resume"),
        bad(2, "was trained with other settings (units 32 here, 8 in the model", "train", "--data-dir", "{root}/data",
            "--checkpoint-dir", "{root}/run", "--resume", "--backend", "djl", "--units", "32", "--num-layers", "1",
            "--embedding-size", "4", "--sequence-length", "16", "--dropout", "0"),
        bad(2, "shorter than --sequence-length 100000 plus one step", "train", "--data-dir", "{root}/data",
            "--sequence-length", "100000"),
        bad(2, "builds LSTMs only", "train", "--data-dir", "{root}/data", "--architecture", "transformer", "--backend", "dl4j",
            "--sequence-length", "16"),
        bad(2, "must be a multiple of the 3 heads", "train", "--data-dir", "{root}/data", "--architecture", "transformer",
            "--heads", "3", "--model-width", "16", "--sequence-length", "16"),
        bad(2, "--context 8 is shorter than --sequence-length 16", "train", "--data-dir", "{root}/data", "--architecture", "transformer",
            "--context", "8", "--sequence-length", "16"),
        // generate
        bad(2, "--model {root}/missing: no such model", "generate", "--model", "{root}/missing"),
        bad(2, "--model {root}/empty is a folder with no best.cadenza", "generate", "--model", "{root}/empty"),
        bad(1, "corrupt.cadenza: not a Cadenza model bundle", "generate", "--model", "{root}/corrupt.cadenza",
            "--output-path", "{root}/new.mid"),
        bad(1, "truncated.cadenza: not a Cadenza model bundle (not a readable zip file", "generate", "--model", "{root}/truncated.cadenza",
            "--output-path", "{root}/new.mid"),
        bad(1, "notmidi.mid: not a Cadenza model bundle", "generate", "--model", "{root}/notmidi.mid",
            "--output-path", "{root}/new.mid"),
        bad(2, "--length must be at least 1", "generate", "--model", "{root}/run", "--length", "0"),
        bad(2, "--temperature must be 0 or above", "generate", "--model", "{root}/run", "--temperature", "-1"),
        bad(2, "--top-k must be at least 0", "generate", "--model", "{root}/run", "--top-k", "-3"),
        bad(2, "--top-p must be from 0.0 to 1.0", "generate", "--model", "{root}/run", "--top-p", "1.5"),
        bad(2, "--top-p must be above 0", "generate", "--model", "{root}/run", "--top-p", "0"),
        bad(2, "--min-p must be from 0.0 to below 1.0", "generate", "--model", "{root}/run", "--min-p", "1"),
        bad(2, "--repetition-penalty must be 1 (none) or more", "generate", "--model", "{root}/run", "--repetition-penalty", "0.5"),
        bad(2, "--no-repeat-ngram must be at least 0", "generate", "--model", "{root}/run", "--no-repeat-ngram", "-1"),
        bad(2, "--count must be at least 1", "generate", "--model", "{root}/run", "--count", "0"),
        bad(2, "--seconds must be above 0", "generate", "--model", "{root}/run", "--seconds", "0"),
        bad(2, "--bars must be at least 1", "generate", "--model", "{root}/run", "--bars", "-2"),
        bad(2, "--length, --seconds and --bars are alternatives", "generate", "--model", "{root}/run", "--length", "10", "--bars", "2"),
        bad(2, "--key H major: not a key", "generate", "--model", "{root}/run", "--key", "H major"),
        bad(2, "--range C6-C3: a pitch range runs from 0 to 127, low to high", "generate", "--model", "{root}/run", "--range", "C6-C3"),
        bad(2, "Invalid value for option '--seed'", "generate", "--model", "{root}/run", "--seed", "abc"),
        bad(2, "--output-path {root}/out.wav: Cadenza writes MIDI files for now", "generate", "--model", "{root}/run",
            "--output-path", "{root}/out.wav"),
        bad(2, "--output-path {root}/folder.mid is a folder", "generate", "--model", "{root}/run",
            "--output-path", "{root}/folder.mid"),
        bad(1, "notes.txt is in the way", "generate", "--model", "{root}/run", "--output-path", "{root}/notes.txt/out.mid"),
        bad(2, "--primer {root}/missing.mid: no such file", "generate", "--model", "{root}/run", "--primer", "{root}/missing.mid",
            "--output-path", "{root}/new.mid"),
        bad(2, "--primer {root}/empty is a folder", "generate", "--model", "{root}/run", "--primer", "{root}/empty",
            "--output-path", "{root}/new.mid"),
        bad(2, "--primer {root}/notmidi.mid is not a MIDI file Cadenza can read", "generate", "--model", "{root}/run",
            "--seed-path", "{root}/notmidi.mid", "--output-path", "{root}/new.mid"),
        bad(2, "no backend named 'theano'", "generate", "--model", "{root}/run", "--backend", "theano",
            "--output-path", "{root}/new.mid"),
        bad(2, "backend 'dl4j' cannot build this model: the dl4j backend builds LSTMs only", "generate", "--model", "{root}/transformer-run", "--backend", "dl4j",
            "--output-path", "{root}/new.mid"),
        bad(2, "Unknown option: '--flac'", "generate", "--model", "{root}/run", "--flac"),
        // harmonize and models
        bad(2, "MELODY {root}/missing.mid: no such file", "harmonize", "{root}/missing.mid"),
        bad(2, "{root}/notmidi.mid is not a MIDI file Cadenza can read", "harmonize", "{root}/notmidi.mid",
            "--output-path", "{root}/new.mid"),
        bad(2, "harmonizing needs a model trained with the chorale tokenizer; this one uses remi", "harmonize",
            "{root}/data/tune0.mid", "--model", "{root}/run", "--output-path", "{root}/new.mid"),
        bad(2, "--output-path {root}/out.wav: name a .mid or .midi file", "harmonize", "{root}/data/tune0.mid",
            "--output-path", "{root}/out.wav"),
        bad(2, "--model no-such-model: no such model, nor a bundled model of that name", "harmonize", "{root}/data/tune0.mid",
            "--model", "no-such-model", "--output-path", "{root}/new.mid"),
        bad(2, "--temperature must be 0 or above", "harmonize", "{root}/data/tune0.mid", "--temperature", "-1",
            "--output-path", "{root}/new.mid"),
        bad(2, "--package and --output go together", "models", "--package", "{root}/run"),
        bad(2, "--package {root}/missing: no model bundle", "models", "--package", "{root}/missing", "--output", "{root}/p.cadenza"),
        bad(2, "--output {root}/notes.txt: name a .cadenza file", "models", "--package", "{root}/run", "--output", "{root}/notes.txt"),
        bad(2, "--output {root}/run/best.cadenza is the model itself", "models", "--package", "{root}/run",
            "--output", "{root}/run/best.cadenza"),
        // beats
        bad(2, "--preset must be beats, was 'waltz'", "train", "--data-dir", "{root}/data", "--preset", "waltz"),
        bad(2, "--features must be symbolic or mel, was 'wav'", "train", "--data-dir", "{root}/data", "--features", "wav"),
        bad(2, "--tokenizer and --features mel are alternatives", "train", "--data-dir", "{root}/data", "--features", "mel",
            "--tokenizer", "remi"),
        bad(2, "--n-mels must be at least 1", "train", "--data-dir", "{root}/data", "--features", "mel", "--n-mels", "0"),
        bad(2, "--hop-length must be at least 1", "train", "--data-dir", "{root}/data", "--hop-length", "0"),
        bad(2, "--sample-rate must be at least 8000", "train", "--data-dir", "{root}/data", "--sample-rate", "100"),
        bad(2, "--labels {root}/missing.csv: no such file", "train", "--data-dir", "{root}/data", "--labels", "{root}/missing.csv"),
        bad(2, "--labels {root}/labels-nostyle.csv: no column 'style'", "train", "--data-dir", "{root}/data", "--preset", "beats",
            "--labels", "{root}/labels-nostyle.csv"),
        bad(2, "line 2: the split must be train, validation or test, was 'later'", "train", "--data-dir", "{root}/data",
            "--preset", "beats", "--labels", "{root}/labels-badsplit.csv"),
        bad(2, "style labels ({root}/labels.csv) are for frame encodings with styles, such as drum-grid; remi has none", "train",
            "--data-dir", "{root}/data", "--labels", "{root}/labels.csv"),
        bad(2, "--preset must be beats, was 'jazz'", "generate", "--model", "{root}/run", "--preset", "jazz"),
        bad(2, "--preset beats: {root}/run is a remi model, not a beat model", "generate", "--model", "{root}/run",
            "--preset", "beats", "--output-path", "{root}/new.mid"),
        bad(2, "--loop loops whole bars: give --bars", "generate", "--model", "{root}/run", "--loop", "--length", "100"),
        bad(2, "--tempo must be above 0 and at most 1000 bpm, was -5.0", "generate", "--model", "{root}/run", "--tempo", "-5"),
        bad(2, "--style funk: a style and a tempo are for frame models conditioned on them", "generate", "--model", "{root}/run",
            "--style", "funk", "--output-path", "{root}/new.mid"),
        bad(2, "--labels {root}/labels.csv: no file is in the test split", "evaluate", "--model", "{root}/run", "--labels",
            "{root}/labels.csv"),
        bad(2, "--labels {root}/labels-testonly.csv: no file is in the train split", "evaluate", "--model", "{root}/run", "--labels",
            "{root}/labels-testonly.csv"),
        bad(2, "give --data (a model's likelihood), --generated and --reference (two sets compared), or --labels", "evaluate",
            "--model", "{root}/run", "--labels", "{root}/labels.csv", "--data", "{root}/data"),
        bad(2, "Unmatched argument at index 0: 'compose'", "compose"));
  }

  private static Arguments bad(int status, String problem, String... args) {
    return Arguments.of(status, problem, args);
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @MethodSource("mistakes")
  void aMistakeIsOneClearLineAndChangesNothing(int status, String problem, String[] template) throws IOException {
    int backend = Arrays.asList(template).indexOf("--backend");
    if (backend >= 0 && !template[backend + 1].equals("theano")) {
      Cli.assumeBackends(template[backend + 1]);
    }
    List<String> args = new ArrayList<>();
    for (String a : template) {
      args.add(a.replace("{root}", root.toString()));
    }
    if (args.get(0).equals("train")) {
      if (!args.contains("--cache-dir")) {
        args.addAll(List.of("--cache-dir", caches.toString()));
      }
      if (!args.contains("--checkpoint-dir")) {
        args.addAll(List.of("--checkpoint-dir", root.resolve("new-run").toString()));
      }
    }
    if (args.get(0).equals("generate") && !args.contains("--output-path")) {
      args.addAll(List.of("--output-path", root.resolve("new.mid").toString()));
    }
    Map<String, String> before = snapshot();
    Cli.Run run = Cli.run(args.toArray(String[]::new));
    String expected = problem.replace("{root}", root.toString());
    assertThat(run.status()).as("exit status; stderr: %s", run.err()).isEqualTo(status);
    assertThat(run.out()).as("standard output").isEmpty();
    assertThat(run.err().lines().toList()).as("standard error").hasSize(1);
    assertThat(run.err()).contains(expected).doesNotContain("\tat ").startsWith("cadenza");
    assertThat(snapshot()).as("the files of the fixture").isEqualTo(before);
  }

  /** Every file and folder under the fixture, with the SHA-256 of each file's content. */
  private static Map<String, String> snapshot() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        files.put(root.relativize(p).toString(), Files.isDirectory(p) ? "folder" : Digests.hex(Digests.sha256().digest(Files.readAllBytes(p))));
      }
    }
    return files;
  }
}
