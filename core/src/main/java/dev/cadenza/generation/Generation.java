package dev.cadenza.generation;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.model.GenerationSession;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.music.Score;
import dev.cadenza.tokens.ChoraleTokenizer;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.TokenGrammar;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.tokens.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates music with a trained model: feeds a primer through a {@link GenerationSession} one step at a time
 * (state carried, nothing re-fed), then samples each next step from the model's prediction (the sampler sees
 * the primer and what was drawn so far, for its repetition controls), and decodes what was generated with the
 * bundle's tokenizer. Token models draw only what their tokenizer's grammar allows ({@link Tokenizer#grammar}), so
 * every stream decodes as written; constraints (key, range, instruments, tempo, metre) keep every token that would
 * break them from being drawn (for frames, every value of another pitch off, and at most the maximum polyphony on).
 * Pieces may be any length: the LSTM carries its state, the Transformer's session slides its window.
 *
 * <p>Several pieces at once go through one session with a stream each: piece i draws from its own generator,
 * seeded with the request's seed plus i (so piece 0 of many is the piece one request alone would give, up to the
 * rounding of batched arithmetic), and takes its own primer window where the primer comes from the training data.
 */
public final class Generation {
  /** The tempo a frame model conditioned on tempo plays at when neither the request nor the primer sets one. */
  static final double DEFAULT_BPM = 120;
  /** How often, in draws, a stream with a length in seconds or bars decodes what it drew to see if it is done. */
  static final int CHECK_EVERY = 16;
  private static final String NO_PARALLELS = "forbidding parallel fifths and octaves is for four-voice models (the chorale tokenizer); ";
  /** The most tokens a stream that reached its length draws to finish what is open before it ends. */
  static final int MAX_FINISHING = 256;

  private Generation() {}

  /** The generated continuation, as a score. */
  public static Score generate(ModelBundle bundle, SequenceModel model, GenerationRequest request) {
    return generate(bundle, model, request, 1).get(0);
  }

  /**
   * {@code count} continuations, generated together through one session of that batch size.
   *
   * @throws IllegalArgumentException if count is below 1, the primer is of the other kind than the model's steps or
   *     a MIDI file not yet read ({@link Primer.MidiFile}), or a constraint is one the model's tokenizer cannot express
   */
  public static List<Score> generate(ModelBundle bundle, SequenceModel model, GenerationRequest request, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    ScoreEncoding encoding = Tokenizers.fromSpec(bundle.manifest().tokenizer());
    Primer primer = request.primer();
    if (primer instanceof Primer.MidiFile file) {
      throw new IllegalArgumentException("the primer " + file.file() + " is a MIDI file, which core cannot read: "
          + "MusicGenerator reads it, or give its score (Primer.Music)");
    }
    if (primer instanceof Primer.Music music) {
      primer = Primer.endOf(music.score(), encoding, music.steps());
    }
    Random[] randoms = new Random[count];
    for (int i = 0; i < count; i++) {
      randoms[i] = new Random(request.seed() + i);
    }
    try (GenerationSession session = model.openSession(count)) {
      if (encoding instanceof Tokenizer tokenizer) {
        if (primer instanceof Primer.Frames) {
          throw new IllegalArgumentException("a frame primer for a token model (" + encoding.name() + ")");
        }
        boolean[] constrained = tokenConstraints(request, tokenizer);
        int[][] primers = new int[count][];
        for (int i = 0; i < count; i++) {
          primers[i] = tokenPrimer(bundle, tokenizer.vocabulary(), primer, randoms[i]);
        }
        Supplier<TokenGrammar> grammar = request.constraints().noParallels()
            ? () -> ((ChoraleTokenizer) tokenizer).withoutParallels(tokenizer.grammar()) : tokenizer::grammar;
        return new TokenStreams(request, tokenizer, grammar, constrained, primers, randoms).run(session).stream()
            .map(tokenizer::decode).map(request.length()::fitted).toList();
      }
      if (primer instanceof Primer.Tokens) {
        throw new IllegalArgumentException("a token primer for a frame model (" + encoding.name() + ")");
      }
      request.constraints().allowedTokens(Vocabulary.of(List.of()), encoding.name()); // frames have no instrument, tempo or metre tokens
      if (request.constraints().noParallels()) {
        throw new IllegalArgumentException(NO_PARALLELS + encoding.name() + " is a frame model");
      }
      FrameEncoding frames = (FrameEncoding) encoding;
      float[][] start = primer instanceof Primer.Frames f ? f.frames() : new float[][] {frames.silence()};
      MusicConstraints constraints = request.constraints();
      OptionalDouble bpm = constraints.bpm().isPresent() || !frames.hasTempo() || primer instanceof Primer.Frames
          ? constraints.bpm() : OptionalDouble.of(DEFAULT_BPM);
      for (int k = 0; k < start.length; k++) {
        start[k] = frames.conditioned(start[k], constraints.style(), bpm);
      }
      boolean[] allowed = new boolean[frames.frameSize()];
      for (int k = 0; k < allowed.length; k++) {
        allowed[k] = frames.pitchAt(k).stream().allMatch(request.pitches()::allows);
      }
      return new FrameStreams(request, frames, allowed, randoms).run(session, start).stream().map(frames::decode)
          .map(request.length()::fitted).toList();
    }
  }

  /**
   * Four voices under a melody, by a model trained with the {@code chorale} tokenizer: the melody's highest line is
   * forced into the soprano's places of the stream ({@link ChoraleTokenizer#harmonizing}), where the model reads it a
   * {@link ChoraleTokenizer#lookahead} ahead, and the model writes the alto, tenor and bass. The result has the
   * tokenizer's grid and tempo; {@code MusicGenerator.harmonize} puts the melody's own notes back as the soprano.
   *
   * @throws IllegalArgumentException if the model is not a chorale model, the melody has no pitched note, or the request
   *     has a primer, a length, or a constraint the tokenizer cannot express
   */
  public static Score harmonize(ModelBundle bundle, SequenceModel model, Score melody, GenerationRequest request) {
    ScoreEncoding encoding = Tokenizers.fromSpec(bundle.manifest().tokenizer());
    if (!(encoding instanceof ChoraleTokenizer chorale)) {
      throw new IllegalArgumentException("harmonizing needs a model trained with the chorale tokenizer; this one uses "
          + encoding.name());
    }
    if (!(request.primer() instanceof Primer.None)) {
      throw new IllegalArgumentException("harmonizing starts from the melody: a primer has no place in it");
    }
    if (melody.noteCount() == 0 || melody.tracks().stream().allMatch(t -> t.isDrum() || t.isEmpty())) {
      throw new IllegalArgumentException("the melody has no pitched note to harmonize");
    }
    int[] template = chorale.template(melody);
    GenerationRequest fixed = new GenerationRequest(Length.steps(template.length), request.sampler(), request.seed(),
        request.primer(), request.pitches(), request.constraints(), false);
    int bos = chorale.vocabulary().id(Vocabulary.BOS);
    if (bos < 0) {
      throw new IllegalArgumentException("harmonizing needs a model whose vocabulary has <bos> (trained with special tokens)");
    }
    try (GenerationSession session = model.openSession(1)) {
      Supplier<TokenGrammar> grammar = request.constraints().noParallels()
          ? () -> chorale.withoutParallels(chorale.harmonizing(template)) : () -> chorale.harmonizing(template);
      return chorale.decode(new TokenStreams(fixed, chorale, grammar,
          tokenConstraints(request, chorale), new int[][] {{bos}}, new Random[] {new Random(request.seed())})
          .run(session).get(0));
    }
  }

  /** The tokens a request's constraints leave a token model, after refusing what only frame models take. */
  private static boolean[] tokenConstraints(GenerationRequest request, Tokenizer tokenizer) {
    if (request.constraints().maxPolyphony() > 0) {
      throw new IllegalArgumentException("a maximum polyphony is for frame models; " + tokenizer.name() + " is a token model");
    }
    if (request.constraints().style().isPresent() || request.constraints().bpm().isPresent()) {
      throw new IllegalArgumentException("a style and a tempo are for frame models conditioned on them (drum-grid with styles "
          + "and tempo=true); " + tokenizer.name() + " is a token model");
    }
    if (request.constraints().noParallels() && !(tokenizer instanceof ChoraleTokenizer)) {
      throw new IllegalArgumentException(NO_PARALLELS + tokenizer.name() + " has no voices");
    }
    return request.constraints().allowedTokens(tokenizer.vocabulary(), tokenizer.name());
  }

  /**
   * The ids a stream starts from: the primer's; {@code <bos>} for none (or, for a vocabulary without it, a training
   * window); a random window of the training data, as the bundle keeps them (or {@code <bos>}, or id 0, when it keeps
   * none). A primer is cut before its {@code <eos>}, if it has one, so that the music goes on.
   */
  private static int[] tokenPrimer(ModelBundle bundle, Vocabulary vocabulary, Primer primer, Random random) {
    int bos = vocabulary.id(Vocabulary.BOS);
    int[] ids;
    if (primer instanceof Primer.Tokens t) {
      ids = t.ids();
    } else if (primer instanceof Primer.None && bos >= 0 || bundle.primers().isEmpty()) {
      ids = new int[0];
    } else {
      ids = bundle.primers().get(random.nextInt(bundle.primers().size()));
    }
    int eos = vocabulary.id(Vocabulary.EOS);
    int end = 0;
    while (end < ids.length && (ids[end] != eos || eos < 0)) {
      end++;
    }
    return end == 0 ? new int[] {Math.max(0, bos)} : Arrays.copyOf(ids, end);
  }

  /**
   * Token streams generated together. Every stream feeds its primer, then its own draws; a stream with a shorter
   * primer starts drawing earlier. Each draw comes from the tokens the stream's grammar allows that break no
   * constraint. A stream that reaches its length (checked every {@link #CHECK_EVERY} draws for seconds and bars, by
   * decoding what it drew) in the middle of a note or an open position draws only tokens that finish it
   * ({@link TokenGrammar#finishes}) until it can end, at most {@link #MAX_FINISHING} more; a stream that draws
   * {@code <eos>} (only where the request lets pieces end early) ends there. An ended stream feeds its last token
   * while the others go on.
   */
  private static final class TokenStreams {
    private final GenerationRequest request;
    private final Tokenizer tokenizer;
    private final boolean[] constrained;
    private final int[][] primers;
    private final Random[] randoms;
    private final int eos;
    private final int[][] history;
    private final int[] size;
    private final TokenGrammar[] grammars;
    private final boolean[] finishing;
    private final boolean[] done;

    TokenStreams(GenerationRequest request, Tokenizer tokenizer, Supplier<TokenGrammar> grammar, boolean[] constrained,
        int[][] primers, Random[] randoms) {
      this.request = request;
      this.tokenizer = tokenizer;
      this.constrained = constrained;
      this.primers = primers;
      this.randoms = randoms;
      this.eos = tokenizer.vocabulary().id(Vocabulary.EOS);
      int count = primers.length;
      history = new int[count][];
      size = new int[count];
      grammars = new TokenGrammar[count];
      finishing = new boolean[count];
      done = new boolean[count];
      for (int i = 0; i < count; i++) {
        history[i] = Arrays.copyOf(primers[i], primers[i].length + Math.min(request.length().maxSteps(), 4096));
        size[i] = primers[i].length;
        grammars[i] = grammar.get();
        for (int id : primers[i]) {
          grammars[i].accept(id);
        }
      }
    }

    List<int[]> run(GenerationSession session) {
      int count = primers.length;
      int[] column = new int[count];
      for (int t = 0; !allTrue(done); t++) {
        for (int i = 0; i < count; i++) {
          column[i] = history[i][Math.min(t, size[i] - 1)];
        }
        float[][] predictions = session.next(column);
        for (int i = 0; i < count; i++) {
          if (!done[i] && t + 1 >= primers[i].length) {
            draw(i, predictions[i]);
          }
        }
      }
      List<int[]> generated = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int end = size[i] > primers[i].length && history[i][size[i] - 1] == eos ? size[i] - 1 : size[i];
        generated.add(Arrays.copyOfRange(history[i], primers[i].length, end));
      }
      return generated;
    }

    /**
     * Draws stream i's next token among those allowed, and not one after which nothing could come (a VELOCITY where
     * the key leaves no pitch free, say) nor {@code <eos>} before any note: such a draw is taken back and drawn again
     * without it.
     */
    private void draw(int i, float[] logits) {
      int[] before = Arrays.copyOf(history[i], size[i]);
      boolean[] allowed = allowed(grammars[i], before, logits.length, finishing[i]);
      if (finishing[i] && !any(allowed)) {
        allowed = allowed(grammars[i], before, logits.length, false);
      }
      int token;
      TokenGrammar after;
      do {
        if (!any(allowed)) {
          throw new IllegalArgumentException("no token can come next: " + tokenizer.name() + "'s grammar wants "
              + grammars[i].expectation() + ", which the constraints (" + request.pitches() + ", " + request.constraints()
              + ") leave out");
        }
        token = request.sampler().sample(logits, before, allowed, randoms[i]);
        after = grammars[i].copy();
        after.accept(token);
        allowed[token] = false;
      } while (token == eos ? !hasNotes(i) : !after.canEnd() && !anyAllowed(after, append(before, token), logits.length));
      if (size[i] == history[i].length) {
        history[i] = Arrays.copyOf(history[i], history[i].length * 2);
      }
      history[i][size[i]++] = token;
      grammars[i] = after;
      int drawn = size[i] - primers[i].length;
      Length length = request.length();
      if (token == eos || drawn >= length.maxSteps() + MAX_FINISHING) {
        done[i] = true;
      } else if (!finishing[i] && (drawn >= length.maxSteps() || drawn % CHECK_EVERY == 0
          && length.reachedBy(tokenizer.decode(Arrays.copyOfRange(history[i], primers[i].length, size[i]))))) {
        finishing[i] = true;
      }
      done[i] |= finishing[i] && grammars[i].canEnd();
    }

    /** Whether what stream i drew so far holds a note: a piece that ends by itself ends with music in it. */
    private boolean hasNotes(int i) {
      return tokenizer.decode(Arrays.copyOfRange(history[i], primers[i].length, size[i])).noteCount() > 0;
    }

    /**
     * The tokens that may come after {@code history}, read by {@code grammar}: what it allows (or, closing, only what
     * finishes), within the constraints and the pitches, {@code <eos>} only where the request lets pieces end early.
     */
    private boolean[] allowed(TokenGrammar grammar, int[] history, int vocabularySize, boolean closing) {
      boolean[] allowed = new boolean[vocabularySize];
      for (int id = 0; id < vocabularySize; id++) {
        allowed[id] = may(grammar, history, id, closing);
      }
      return allowed;
    }

    /** Whether any token may come after {@code history}: the look-ahead, which stops at the first. */
    private boolean anyAllowed(TokenGrammar grammar, int[] history, int vocabularySize) {
      for (int id = 0; id < vocabularySize; id++) {
        if (may(grammar, history, id, false)) {
          return true;
        }
      }
      return false;
    }

    private boolean may(TokenGrammar grammar, int[] history, int id, boolean closing) {
      return (closing ? grammar.finishes(id) : grammar.allows(id))
          && (constrained == null || constrained[id])
          && (id != eos || request.mayEndEarly())
          && (request.pitches().isAny() || Arrays.stream(tokenizer.pitchesStarted(history, id)).allMatch(request.pitches()::allows));
    }
  }

  private static int[] append(int[] ids, int id) {
    int[] longer = Arrays.copyOf(ids, ids.length + 1);
    longer[ids.length] = id;
    return longer;
  }

  private static boolean any(boolean[] flags) {
    for (boolean flag : flags) {
      if (flag) {
        return true;
      }
    }
    return false;
  }

  private static boolean allTrue(boolean[] flags) {
    for (boolean flag : flags) {
      if (!flag) {
        return false;
      }
    }
    return true;
  }

  /**
   * Frame streams generated together: every stream feeds the primer's frames, then its own draws, one frame a step,
   * until its length. On/off values are tossed, levels drawn near their predicted level ({@link Sampler#sampleFrame});
   * conditions are never drawn but set by the encoding ({@link FrameEncoding#following}): a style and a tempo held as the
   * request or the primer set them (a style neither sets, as the model chose it in the stream's first draw), a clock
   * stepped on.
   */
  private static final class FrameStreams {
    private final GenerationRequest request;
    private final FrameEncoding encoding;
    private final boolean[] allowed;
    private final boolean[] levels;
    private final Random[] randoms;

    FrameStreams(GenerationRequest request, FrameEncoding encoding, boolean[] allowed, Random[] randoms) {
      this.request = request;
      this.encoding = encoding;
      this.allowed = allowed;
      this.randoms = randoms;
      this.levels = new boolean[encoding.frameSize()];
      for (int k = 0; k < levels.length; k++) {
        levels[k] = encoding.isLevel(k) && !encoding.isCondition(k);
      }
    }

    List<float[][]> run(GenerationSession session, float[][] primer) {
      int count = randoms.length;
      List<List<float[]>> generated = new ArrayList<>();
      boolean[] done = new boolean[count];
      float[][] column = new float[count][];
      float[][] predictions = null;
      for (float[] frame : primer) {
        Arrays.fill(column, frame);
        predictions = session.next(column);
      }
      for (int i = 0; i < count; i++) {
        generated.add(new ArrayList<>());
      }
      while (true) {
        for (int i = 0; i < count; i++) {
          if (!done[i]) {
            float[] frame = encoding.following(column[i],
                request.sampler().sampleFrame(predictions[i], allowed, levels, request.constraints().maxPolyphony(), randoms[i]));
            column[i] = frame;
            List<float[]> piece = generated.get(i);
            piece.add(frame);
            done[i] = piece.size() == request.length().maxSteps() || piece.size() % CHECK_EVERY == 0
                && request.length().reachedBy(encoding.decode(piece.toArray(float[][]::new)));
          }
        }
        if (allTrue(done)) {
          return generated.stream().map(piece -> piece.toArray(float[][]::new)).toList();
        }
        predictions = session.next(column);
      }
    }
  }
}
