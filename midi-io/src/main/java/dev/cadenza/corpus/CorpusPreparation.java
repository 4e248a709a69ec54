package dev.cadenza.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cadenza.Digests;
import dev.cadenza.data.EncodedPiece;
import dev.cadenza.data.PreparedCorpus;
import dev.cadenza.data.PreparedCorpus.Split;
import dev.cadenza.midi.MidiFiles;
import dev.cadenza.midi.MidiFormatException;
import dev.cadenza.midi.MidiReader;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.Track;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.tokens.Vocabulary;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Prepares a corpus of MIDI files for training once, for {@link dev.cadenza.data.ShardedDataset} to stream: reads
 * every file with Cadenza's lenient reader, records each unreadable file with its reason instead of failing,
 * de-duplicates by content hash and by a fingerprint of the notes (the same music saved again with other metadata),
 * filters by length, instruments and time signature, splits train/validation/test by a seeded hash of each file's
 * content (so a file keeps its split when files are added), tokenizes, and writes a {@link PreparedCorpus}: token
 * shards, the manifest, statistics and the rejects table.
 *
 * <p>The steps are separate methods ({@link #examine}, {@link #decide}, {@link #fitted}, {@link #ids},
 * {@link #statistics}, {@link PreparedCorpus#writeShards}, {@link #finish}) so that a distributed engine (the {@code spark} module) runs them where its data
 * is and gets the same result; {@link #prepare} runs them all on this machine.
 *
 * <pre>{@code
 * CorpusPreparation.Report report = new CorpusPreparation(PreparationSettings.defaults("remi", Map.of()))
 *     .prepare(List.of(Path.of("midi")), Path.of("prepared"), false, 4, (done, total) -> { });
 * }</pre>
 */
public final class CorpusPreparation {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Note times in the fingerprint are in these parts of a beat, whatever the file's resolution. */
  private static final int FINGERPRINT_RESOLUTION = 480;
  /** Why a file larger than the MIDI reader reads ({@link MidiReader#DEFAULT_MAX_FILE_BYTES}) is left out. */
  public static final String TOO_LARGE = "larger than " + (MidiReader.DEFAULT_MAX_FILE_BYTES >> 20) + " MiB";

  private final PreparationSettings settings;
  private final Tokenizer tokenizer;

  /**
   * A preparation with these settings.
   *
   * @throws IllegalArgumentException if the tokenizer is unknown, an option does not fit it, or it gives frames
   */
  public CorpusPreparation(PreparationSettings settings) {
    this.settings = settings;
    ScoreEncoding encoding = Tokenizers.encoding(settings.tokenizer(), new TokenizerConfig(settings.options()));
    if (!(encoding instanceof Tokenizer t)) {
      throw new IllegalArgumentException("the " + settings.tokenizer() + " encoding gives frames, and prepared corpora hold tokens: "
          + "train on its MIDI files instead");
    }
    this.tokenizer = t;
  }

  /** The settings. */
  public PreparationSettings settings() {
    return settings;
  }

  /**
   * What one file gives. Serializable, for distributed engines.
   *
   * @param source where it came from
   * @param contentHash SHA-256 of its bytes
   * @param notesHash SHA-256 of its notes (pitch, drum or not, onset and duration in beats), null if it has none
   * @param unreadable why it could not be read, or null
   * @param tokens its number of tokens
   * @param programs the General MIDI programs of its pitched tracks
   * @param timeSignatures its time signatures ({@code 4/4} if it has none)
   * @param strings its tokens as strings, for a tokenizer that fits its vocabulary (else null)
   * @param ids its token ids, for a tokenizer with a fixed vocabulary (else null)
   */
  public record FileFacts(String source, String contentHash, String notesHash, String unreadable, int tokens, Set<Integer> programs,
      Set<String> timeSignatures, List<String> strings, int[] ids) implements Serializable {
    /** A file that could not be read, and why. */
    public static FileFacts unreadable(String source, String reason) {
      return new FileFacts(source, "", null, reason, 0, Set.of(), Set.of(), null, null);
    }

    /** The facts without the tokens: what deciding needs. */
    public FileFacts withoutTokens() {
      return new FileFacts(source, contentHash, notesHash, unreadable, tokens, programs, timeSignatures, null, null);
    }
  }

  /** What becomes of a file. */
  public enum Kind {
    /** In the shards. */
    KEPT,
    /** It could not be read. */
    UNREADABLE,
    /** A copy of a kept file. */
    DUPLICATE,
    /** A filter left it out. */
    FILTERED;

    /** Its name in the rejects table. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * What becomes of one file, and why.
   *
   * @param source the file
   * @param kind kept or why not
   * @param split for a kept file, its split (else null)
   * @param reason for a file left out, why, in words (else null)
   */
  public record Decision(String source, Kind kind, Split split, String reason) implements Serializable {}

  /**
   * One split's lengths in tokens.
   *
   * @param pieces files
   * @param tokens tokens in all
   * @param shortest the shortest file's
   * @param median the median
   * @param mean the mean
   * @param longest the longest file's
   */
  public record SplitStatistics(int pieces, long tokens, int shortest, int median, double mean, int longest) {}

  /**
   * The statistics file.
   *
   * @param tokenCounts how often each token occurs in the kept files, the most frequent first
   * @param splits each split's lengths
   */
  public record Statistics(Map<String, Long> tokenCounts, Map<String, SplitStatistics> splits) {}

  /**
   * What a preparation did.
   *
   * @param counts what became of the files
   * @param shards the shards written
   * @param seconds how long it took
   */
  public record Report(PreparedCorpus.Counts counts, List<PreparedCorpus.Shard> shards, double seconds) {
    /** Files read per second. */
    public double filesPerSecond() {
      return counts.files() / Math.max(1e-9, seconds);
    }

    /** One line for people. */
    public String summary() {
      Map<Split, Long> tokens = new EnumMap<>(Split.class);
      Map<Split, Integer> pieces = new EnumMap<>(Split.class);
      for (PreparedCorpus.Shard s : shards) {
        tokens.merge(s.split(), s.tokens(), Long::sum);
        pieces.merge(s.split(), s.pieces(), Integer::sum);
      }
      return String.format(java.util.Locale.ROOT, "%d files: %d kept (train %d, validation %d, test %d files; %d tokens in %d shards), "
          + "%d unreadable, %d duplicates, %d filtered; %.1f s, %.0f files/s", counts.files(), counts.kept(),
          pieces.getOrDefault(Split.TRAIN, 0), pieces.getOrDefault(Split.VALIDATION, 0), pieces.getOrDefault(Split.TEST, 0),
          tokens.values().stream().mapToLong(Long::longValue).sum(), shards.size(), counts.unreadable(), counts.duplicates(),
          counts.filtered(), seconds, filesPerSecond());
    }
  }

  /** Reads one file's bytes and tokenizes it; a file that cannot be read gets its reason. */
  public FileFacts examine(String source, byte[] bytes) {
    String contentHash = Digests.sha256(bytes);
    Score score;
    try {
      score = MidiReader.lenient().read(bytes, source).score();
    } catch (MidiFormatException e) {
      return new FileFacts(source, contentHash, null, "byte " + e.offset() + ": " + e.reason(), 0, Set.of(), Set.of(), null, null);
    }
    Set<Integer> programs = score.tracks().stream().filter(t -> !t.isDrum() && !t.isEmpty()).map(Track::program)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> signatures = score.timeSignatures().isEmpty() ? Set.of("4/4")
        : score.timeSignatures().stream().map(s -> s.numerator() + "/" + s.denominator()).collect(Collectors.toCollection(TreeSet::new));
    try {
      if (tokenizer.needsVocabulary()) {
        List<String> strings = tokenizer.strings(score);
        return new FileFacts(source, contentHash, notesHash(score), null, strings.size(), programs, signatures, strings, null);
      }
      int[] ids = tokenizer.encode(score);
      return new FileFacts(source, contentHash, notesHash(score), null, ids.length, programs, signatures, null, ids);
    } catch (RuntimeException e) {
      throw new IllegalStateException("the " + tokenizer.name() + " tokenizer failed on " + source
          + ", a file it read without trouble: a bug in Cadenza, not in the file (please report it with the file): " + e, e);
    }
  }

  /** SHA-256 over the notes in order: pitch, drum or not, onset and duration in 1/480 beats; null without notes. */
  static String notesHash(Score score) {
    List<long[]> notes = new ArrayList<>();
    for (Track track : score.tracks()) {
      for (Note n : track.notes()) {
        notes.add(new long[] {n.startTick() * FINGERPRINT_RESOLUTION / score.resolution(), n.pitch(), track.isDrum() ? 1 : 0,
            n.durationTicks() * FINGERPRINT_RESOLUTION / score.resolution()});
      }
    }
    if (notes.isEmpty()) {
      return null;
    }
    notes.sort(Arrays::compare);
    MessageDigest digest = Digests.sha256();
    ByteBuffer buffer = ByteBuffer.allocate(32);
    for (long[] note : notes) {
      buffer.clear();
      for (long v : note) {
        buffer.putLong(v);
      }
      digest.update(buffer.array());
    }
    return Digests.hex(digest.digest());
  }

  /**
   * What becomes of each file, in the order of their sources: unreadable files are rejected; of files with the same
   * bytes, or else the same notes, the first by source is kept and the others are duplicates; then the filters; a file
   * that passes gets its split from a hash of the seed and its content.
   */
  public List<Decision> decide(List<FileFacts> files) {
    List<FileFacts> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(FileFacts::source));
    Map<String, String> byContent = new HashMap<>();
    Map<String, String> byNotes = new HashMap<>();
    List<Decision> decisions = new ArrayList<>(sorted.size());
    for (FileFacts f : sorted) {
      if (f.unreadable() != null) {
        decisions.add(new Decision(f.source(), Kind.UNREADABLE, null, f.unreadable()));
        continue;
      }
      String sameBytes = byContent.putIfAbsent(f.contentHash(), f.source());
      String sameNotes = sameBytes != null || f.notesHash() == null ? null : byNotes.putIfAbsent(f.notesHash(), f.source());
      if (sameBytes != null) {
        decisions.add(new Decision(f.source(), Kind.DUPLICATE, null, "the same bytes as " + sameBytes));
        continue;
      }
      if (sameNotes != null) {
        decisions.add(new Decision(f.source(), Kind.DUPLICATE, null, "the same notes as " + sameNotes));
        continue;
      }
      String filtered = filter(f);
      decisions.add(filtered != null ? new Decision(f.source(), Kind.FILTERED, null, filtered)
          : new Decision(f.source(), Kind.KEPT, split(f.contentHash()), null));
    }
    return decisions;
  }

  private String filter(FileFacts f) {
    if (f.tokens() < settings.minTokens()) {
      return f.tokens() + " tokens, fewer than " + settings.minTokens();
    }
    if (settings.maxTokens() > 0 && f.tokens() > settings.maxTokens()) {
      return f.tokens() + " tokens, more than " + settings.maxTokens();
    }
    if (!settings.programs().isEmpty() && !settings.programs().containsAll(f.programs())) {
      Set<Integer> other = new TreeSet<>(f.programs());
      other.removeAll(settings.programs());
      return "programs " + other + " are not among " + new TreeSet<>(settings.programs());
    }
    if (!settings.timeSignatures().isEmpty() && !settings.timeSignatures().containsAll(f.timeSignatures())) {
      return "time signatures " + f.timeSignatures() + " are not among " + new TreeSet<>(settings.timeSignatures());
    }
    return null;
  }

  /** The split of a file with this content: a hash of the seed and the content hash against the shares. */
  public Split split(String contentHash) {
    long h = settings.seed();
    for (int i = 0; i < 16; i++) {
      h = Digests.mix(h ^ Long.parseUnsignedLong(contentHash.substring(i * 4, i * 4 + 4), 16) << (i % 4) * 16);
    }
    double u = (h >>> 11) * 0x1.0p-53;
    return u < settings.testShare() ? Split.TEST : u < settings.testShare() + settings.validationShare() ? Split.VALIDATION : Split.TRAIN;
  }

  /** Whether the tokenizer fits its vocabulary to the corpus ({@link FileFacts#strings} then, else ids). */
  public boolean fitsVocabulary() {
    return tokenizer.needsVocabulary();
  }

  /** The tokenizer the shards use: with the vocabulary fitted to the kept files' token counts where it fits one. */
  public Tokenizer fitted(Map<String, Long> tokenCounts) {
    return fitsVocabulary() ? tokenizer.withVocabulary(Vocabulary.fromCounts(tokenCounts, settings.minCount())) : tokenizer;
  }

  /** A kept file's ids under the fitted tokenizer (a token below the vocabulary's threshold is {@code <unk>}). */
  public static int[] ids(FileFacts facts, Tokenizer fitted) {
    if (facts.ids() != null) {
      return facts.ids();
    }
    Vocabulary vocabulary = fitted.vocabulary();
    return facts.strings().stream().mapToInt(s -> Math.max(0, vocabulary.id(s))).toArray();
  }

  /** A file's tokens as strings, for counting. */
  public List<String> strings(FileFacts facts) {
    return facts.strings() != null ? facts.strings() : Arrays.stream(facts.ids()).mapToObj(tokenizer.vocabulary()::token).toList();
  }

  /** The statistics of the kept files: token counts and each split's lengths. */
  public static Statistics statistics(Map<String, Long> tokenCounts, Map<Split, List<Integer>> lengths) {
    Map<String, Long> counts = new LinkedHashMap<>();
    tokenCounts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    Map<String, SplitStatistics> splits = new LinkedHashMap<>();
    for (Split split : Split.values()) {
      int[] l = lengths.getOrDefault(split, List.of()).stream().mapToInt(Integer::intValue).sorted().toArray();
      long sum = Arrays.stream(l).asLongStream().sum();
      splits.put(split.folder(), l.length == 0 ? new SplitStatistics(0, 0, 0, 0, 0, 0)
          : new SplitStatistics(l.length, sum, l[0], l[l.length / 2], (double) sum / l.length, l[l.length - 1]));
    }
    return new Statistics(counts, splits);
  }

  /**
   * Writes the rejects table, the statistics and, last, the manifest: a folder with a manifest is complete.
   *
   * @param decisions every file's decision
   * @param shards the shards written
   */
  public void finish(PreparedCorpus.Sink sink, Tokenizer fitted, List<Decision> decisions, List<PreparedCorpus.Shard> shards, Statistics statistics)
      throws IOException {
    try (Writer writer = new OutputStreamWriter(sink.create(PreparedCorpus.REJECTS), StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader("source", "kind", "reason").build())) {
      for (Decision d : decisions) {
        if (d.kind() != Kind.KEPT) {
          csv.printRecord(d.source(), d.kind().label(), d.reason());
        }
      }
    }
    try (OutputStream out = sink.create(PreparedCorpus.STATISTICS)) {
      out.write(JSON.writeValueAsBytes(statistics));
    }
    try (OutputStream out = sink.create(PreparedCorpus.MANIFEST)) {
      out.write(new PreparedCorpus.Manifest(PreparedCorpus.FORMAT, fitted.spec(), settings.asMap(), counts(decisions), shards).toJson());
    }
  }

  /** What became of the files. */
  public static PreparedCorpus.Counts counts(List<Decision> decisions) {
    Map<Kind, Long> kinds = decisions.stream().collect(Collectors.groupingBy(Decision::kind, Collectors.counting()));
    return new PreparedCorpus.Counts(decisions.size(), kinds.getOrDefault(Kind.KEPT, 0L).intValue(),
        kinds.getOrDefault(Kind.UNREADABLE, 0L).intValue(), kinds.getOrDefault(Kind.DUPLICATE, 0L).intValue(),
        kinds.getOrDefault(Kind.FILTERED, 0L).intValue());
  }

  /**
   * Checks that a corpus can be written to {@code output}: it holds none, or {@code overwrite} was asked for, and then
   * the earlier corpus's files (only those) are deleted.
   *
   * @throws FileAlreadyExistsException if it holds a corpus and overwriting was not asked for, or is a file
   * @throws IOException if the earlier corpus cannot be deleted
   */
  public static void clearOutput(Path output, boolean overwrite) throws IOException {
    if (Files.exists(output) && !Files.isDirectory(output)) {
      throw new FileAlreadyExistsException(output.toString(), null, "a file, not a folder");
    }
    List<Path> earlier = new ArrayList<>();
    for (String name : PreparedCorpus.ENTRIES) {
      if (Files.exists(output.resolve(name))) {
        earlier.add(output.resolve(name));
      }
    }
    if (earlier.isEmpty()) {
      return;
    }
    if (!overwrite) {
      throw new FileAlreadyExistsException(output.toString(), null, "holds a prepared corpus already; choose another output, or "
          + "overwrite it");
    }
    for (Path path : earlier) {
      try (var walk = Files.walk(path)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * Prepares the MIDI files the paths name (files, or folders walked recursively) on this machine, on {@code threads}
   * threads, into the folder {@code output}.
   *
   * @param overwrite whether a corpus already in {@code output} may be replaced
   * @param progress told as each file is read
   * @throws java.nio.file.NoSuchFileException if an input does not exist
   * @throws FileAlreadyExistsException if {@code output} holds a corpus and overwriting was not asked for
   * @throws IOException if a file cannot be written
   */
  public Report prepare(List<Path> inputs, Path output, boolean overwrite, int threads, MidiCorpus.Progress progress) throws IOException {
    long started = System.nanoTime();
    List<Path> files = MidiFiles.find(inputs);
    clearOutput(output, overwrite);
    AtomicInteger done = new AtomicInteger();
    List<FileFacts> facts = parallel(threads, () -> files.parallelStream().map(file -> {
      FileFacts f = read(file);
      progress.fileDone(done.incrementAndGet(), files.size());
      return f;
    }).toList());
    List<Decision> decisions = decide(facts);
    Map<String, FileFacts> bySource = facts.stream().collect(Collectors.toMap(FileFacts::source, f -> f, (a, b) -> a));
    List<FileFacts> kept = decisions.stream().filter(d -> d.kind() == Kind.KEPT).map(d -> bySource.get(d.source())).toList();
    Map<String, Long> tokenCounts = new HashMap<>();
    kept.forEach(f -> strings(f).forEach(s -> tokenCounts.merge(s, 1L, Long::sum)));
    Tokenizer fitted = fitted(tokenCounts);
    PreparedCorpus.Sink sink = PreparedCorpus.Sink.folder(output);
    List<PreparedCorpus.Shard> shards = new ArrayList<>();
    Map<Split, List<Integer>> lengths = new EnumMap<>(Split.class);
    for (Split split : Split.values()) {
      List<EncodedPiece.Tokens> pieces = decisions.stream().filter(d -> d.kind() == Kind.KEPT && d.split() == split)
          .map(d -> new EncodedPiece.Tokens(d.source(), ids(bySource.get(d.source()), fitted))).toList();
      lengths.put(split, pieces.stream().map(EncodedPiece.Tokens::length).toList());
      shards.addAll(PreparedCorpus.writeShards(sink, split, pieces, settings.shardTokens(), 0));
    }
    finish(sink, fitted, decisions, shards, statistics(tokenCounts, lengths));
    return new Report(counts(decisions), shards, (System.nanoTime() - started) / 1e9);
  }

  private FileFacts read(Path file) {
    byte[] bytes;
    try {
      if (Files.size(file) > MidiReader.DEFAULT_MAX_FILE_BYTES) {
        return FileFacts.unreadable(file.toString(), TOO_LARGE);
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return FileFacts.unreadable(file.toString(), "cannot read it: " + e.getMessage());
    }
    return examine(file.toString(), bytes);
  }

  private static <T> T parallel(int threads, java.util.concurrent.Callable<T> work) throws IOException {
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
    try {
      return pool.submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while preparing the corpus");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException bug) {
        throw bug;
      }
      throw new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
