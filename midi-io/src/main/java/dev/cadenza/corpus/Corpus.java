package dev.cadenza.corpus;

import dev.cadenza.data.EncodedPiece;
import dev.cadenza.tokens.ScoreEncoding;
import java.util.List;

/**
 * Encoded MIDI files, ready for a {@link dev.cadenza.data.SequenceDataset}.
 *
 * @param encoding the encoding that made the pieces; for a tokenizer with a fitted vocabulary, the fitted one
 * @param pieces one per file that could be read, in file order
 * @param skipped the files that could not be read or encoded, with the reason
 * @param fromCache how many of the pieces came from the cache rather than from parsing
 */
public record Corpus(ScoreEncoding encoding, List<EncodedPiece> pieces, List<SkippedFile> skipped, int fromCache) {
  /** Copies the lists. */
  public Corpus {
    pieces = List.copyOf(pieces);
    skipped = List.copyOf(skipped);
  }

  /** One line for people: how many files were used, from the cache, and skipped. */
  public String summary() {
    int files = pieces.size() + skipped.size();
    long units = pieces.stream().mapToLong(EncodedPiece::length).sum();
    return String.format("%d files: %d encoded (%d from the cache), %d skipped; %d %s", files, pieces.size(), fromCache,
        skipped.size(), units, pieces.stream().anyMatch(p -> p instanceof EncodedPiece.Frames) ? "frames" : "tokens");
  }
}
