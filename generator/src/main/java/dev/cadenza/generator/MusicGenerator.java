package dev.cadenza.generator;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.evaluation.Likelihood;
import dev.cadenza.generation.Generation;
import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.generation.Primer;
import dev.cadenza.midi.MidiFiles;
import dev.cadenza.model.Backends;
import dev.cadenza.model.Capability;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.models.BundledModels;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.Track;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A trained model, loaded on a backend, that generates music:
 *
 * <pre>{@code
 * try (MusicGenerator generator = MusicGenerator.builder().model(Path.of("checkpoints/best")).build()) {
 *   Score score = generator.generate(GenerationRequest.builder().primer(Path.of("seed.mid")).bars(16)
 *       .temperature(0.9).topK(40).topP(0.95).key("D minor").seed(7).build());
 * }
 * }</pre>
 *
 * <p>Thread-safe: concurrent {@link #generate} calls each run their own session on the loaded model, and give what
 * they would give one after another. Closing it frees the model (on native backends, its native memory).
 */
public final class MusicGenerator implements AutoCloseable {
  private final ModelBundle bundle;
  private final SequenceModelProvider backend;
  private final SequenceModel model;

  private MusicGenerator(ModelBundle bundle, SequenceModelProvider backend, SequenceModel model) {
    this.bundle = bundle;
    this.backend = backend;
    this.model = model;
  }

  /** A builder; without {@link Builder#model} or {@link Builder#bundled}, the bundled default model ({@value BundledModels#DEFAULT}). */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link MusicGenerator}. */
  public static final class Builder {
    private Path model;
    private String bundled;
    private String backendName;
    private SequenceModelProvider backend;

    private Builder() {}

    /**
     * The model: a bundle file ({@code .cadenza}), a bundle's path without the extension ({@code checkpoints/best}),
     * or a checkpoint folder (its {@code best.cadenza}).
     */
    public Builder model(Path path) {
      this.model = path;
      this.bundled = null;
      return this;
    }

    /** A model that ships with Cadenza, by name ({@link BundledModels}: {@code chorales}, {@code beats}). */
    public Builder bundled(String name) {
      this.bundled = name;
      this.model = null;
      return this;
    }

    /** The backend by name ({@code "djl"}, {@code "dl4j"}); else the usual choice ({@link Backends#forModel}). */
    public Builder backend(String name) {
      this.backendName = name;
      this.backend = null;
      return this;
    }

    /** This backend, not looked up. */
    public Builder backend(SequenceModelProvider provider) {
      this.backend = provider;
      this.backendName = null;
      return this;
    }

    /**
     * Reads the bundle and loads the model on the backend.
     *
     * @throws IllegalStateException if no backend here can run the model (saying why)
     * @throws IllegalArgumentException if the given backend cannot build the model's architecture, or no bundled model
     *     has the name given
     * @throws NoSuchFileException if the model path names no bundle
     * @throws IOException if the bundle cannot be read or loaded (naming the file and what is wrong)
     */
    public MusicGenerator build() throws IOException {
      ModelBundle bundle = model != null ? ModelBundle.read(locate(model))
          : BundledModels.require(bundled != null ? bundled : BundledModels.DEFAULT).read();
      SequenceModelProvider provider = backend != null ? backend
          : Backends.forModel(Optional.ofNullable(backendName), bundle.manifest().backend(), bundle.manifest().architecture());
      Capability fits = provider.supports(bundle.manifest().architecture());
      if (!fits.possible()) {
        throw new IllegalArgumentException("the " + provider.name() + " backend cannot run this model: " + fits.reason());
      }
      return new MusicGenerator(bundle, provider, bundle.load(provider));
    }
  }

  /**
   * The bundle a path names: a bundle file, a bundle's path without the extension, or a checkpoint folder's best
   * bundle.
   *
   * @throws NoSuchFileException if it names none (the reason says which kind of path it was)
   */
  public static Path locate(Path path) throws NoSuchFileException {
    if (Files.isDirectory(path)) {
      Path best = path.resolve(TrainingConfig.BEST);
      if (!Files.isRegularFile(best)) {
        throw new NoSuchFileException(best.toString(), null, "a checkpoint folder with no model in it");
      }
      return best;
    }
    if (Files.isRegularFile(path)) {
      return path;
    }
    Path withExtension = path.resolveSibling(path.getFileName() + ModelBundle.EXTENSION);
    if (Files.isRegularFile(withExtension)) {
      return withExtension;
    }
    throw new NoSuchFileException(path.toString(), null, "no model bundle (nor " + withExtension + ")");
  }

  /**
   * One piece.
   *
   * @throws IOException if the request's primer is a MIDI file that cannot be read or is not MIDI
   * @throws IllegalArgumentException if the primer holds nothing the model's encoding keeps, is of the other kind
   *     than the model's steps, or a constraint is one the model's tokenizer cannot express
   */
  public Score generate(GenerationRequest request) throws IOException {
    return generate(request, 1).get(0);
  }

  /**
   * {@code count} pieces, generated together through one session ({@link Generation#generate(ModelBundle,
   * SequenceModel, GenerationRequest, int)}); piece 0 is the piece {@link #generate(GenerationRequest)} gives.
   *
   * @throws IOException if the request's primer is a MIDI file that cannot be read or is not MIDI
   */
  public List<Score> generate(GenerationRequest request, int count) throws IOException {
    return Generation.generate(bundle, model, request.withPrimer(primer(request.primer())), count);
  }

  /**
   * Alto, tenor and bass under a melody, with a model trained with the {@code chorale} tokenizer (such as the bundled
   * {@code chorales}): four tracks (Soprano, Alto, Tenor, Bass), the soprano the melody's own notes, unchanged, with its
   * tempo, resolution and signatures (of a score with several pitched tracks, the melody is the one highest on average); the model reads the melody a bar ahead of the voices it writes
   * ({@link Generation#harmonize}). The request's sampling, seed and pitch constraints apply; its length is the
   * melody's.
   *
   * @throws IllegalArgumentException if the model is not a chorale model, the melody has no pitched note, or the
   *     request has a primer
   */
  public Score harmonize(Score melody, GenerationRequest request) {
    Track tune = melody.tracks().stream().filter(t -> !t.isDrum() && !t.isEmpty())
        .max(Comparator.comparingDouble(t -> t.notes().stream().mapToInt(Note::pitch).average().orElse(0)))
        .orElseThrow(() -> new IllegalArgumentException("the melody has no pitched note to harmonize"));
    Score voices = Generation.harmonize(bundle, model, melody.withTracks(List.of(tune)), request);
    List<Track> tracks = new ArrayList<>();
    tracks.add(Track.of(voices.tracks().get(0).name(), tune.program(), 0, tune.notes()));
    for (Track voice : voices.tracks().subList(1, voices.tracks().size())) {
      List<Note> notes = voice.notes().stream().map(n -> n.withSpan(n.startTick() * melody.resolution() / voices.resolution(),
          n.durationTicks() * melody.resolution() / voices.resolution())).toList();
      tracks.add(Track.of(voice.name(), tune.program(), voice.channel(), notes));
    }
    return new Score(melody.tempoMap(), tracks, melody.timeSignatures(), melody.keySignatures());
  }

  /**
   * A primer with its MIDI file, if it names one, read into a score ({@link Primer.Music}); any other as it is.
   *
   * @throws IOException if the file cannot be read or is not MIDI ({@link dev.cadenza.midi.MidiFormatException})
   */
  public static Primer primer(Primer primer) throws IOException {
    if (primer instanceof Primer.MidiFile file) {
      return new Primer.Music(MidiFiles.read(file.file()), file.steps());
    }
    return primer;
  }

  /**
   * How likely the model finds a piece ({@link Likelihood}): its negative log-likelihood per step, with the whole
   * piece as context, in the model's own encoding.
   *
   * @param source a name for the piece, such as its file
   */
  public Likelihood.Result likelihood(String source, Score score) {
    ScoreEncoding encoding = Tokenizers.fromSpec(bundle.manifest().tokenizer());
    if (encoding instanceof Tokenizer tokenizer) {
      return Likelihood.tokens(model, tokenizer.vocabulary(), source, tokenizer.encode(score));
    }
    return Likelihood.frames(model, source, ((FrameEncoding) encoding).encode(score));
  }

  /** The model's bundle: its architecture, tokenizer and training provenance. */
  public ModelBundle bundle() {
    return bundle;
  }

  /** The name of the backend the model runs on. */
  public String backend() {
    return backend.name();
  }

  @Override
  public void close() {
    model.close();
  }
}
