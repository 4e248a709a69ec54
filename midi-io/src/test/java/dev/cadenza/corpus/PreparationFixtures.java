package dev.cadenza.corpus;

import dev.cadenza.data.EncodedPiece;
import dev.cadenza.data.PreparedCorpus;
import dev.cadenza.data.PreparedCorpus.Split;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Folders of MIDI files and readers of prepared corpora, for the tests of every preparation engine. */
public final class PreparationFixtures {
  private PreparationFixtures() {}

  /** A tune of random notes on a program, at a tempo, with a track name: what changes between saves of the same music. */
  public static Score tune(long seed, int program, int bpm, String name) {
    Random random = new Random(seed);
    List<Note> notes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      notes.add(new Note(48 + random.nextInt(24), 40 + random.nextInt(80), i * 240L, 120 + random.nextInt(240)));
    }
    return Score.of(TempoMap.constant(480, bpm), List.of(Track.of(name, program, 0, notes)));
  }

  /** Every kept file's token strings, by source, as the shards hold them. */
  public static Map<String, List<String>> shardTokens(PreparedCorpus corpus) throws Exception {
    Map<String, List<String>> tokens = new HashMap<>();
    for (Split split : Split.values()) {
      for (EncodedPiece.Tokens piece : corpus.pieces(split)) {
        tokens.put(piece.source(), Arrays.stream(piece.ids()).mapToObj(corpus.tokenizer().vocabulary()::token).toList());
      }
    }
    return tokens;
  }

  /** The rejects table: source to kind and reason. */
  public static Map<String, List<String>> rejects(Path output) throws Exception {
    try (Reader reader = Files.newBufferedReader(output.resolve(PreparedCorpus.REJECTS))) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader).stream()
          .collect(Collectors.toMap(r -> r.get("source"), (CSVRecord r) -> List.of(r.get("kind"), r.get("reason"))));
    }
  }

  /** Four tunes; a byte-for-byte copy; the same notes saved with another tempo, name and program; three broken files. */
  public static Path messyFolder(Path dir) throws Exception {
    MidiWriter writer = new MidiWriter();
    for (int i = 0; i < 4; i++) {
      writer.write(tune(i, 0, 100, "tune"), dir.resolve("tune" + i + ".mid"));
    }
    Files.createDirectories(dir.resolve("z-copies"));
    Files.copy(dir.resolve("tune1.mid"), dir.resolve("z-copies/tune1 (copy).mid"));
    writer.write(tune(2, 40, 72, "violin"), dir.resolve("z-copies/tune2-again.mid"));
    Files.write(dir.resolve("empty.mid"), new byte[0]);
    Files.writeString(dir.resolve("notes.mid"), "these are my notes, not MIDI");
    Files.write(dir.resolve("cut.mid"), Arrays.copyOf(Files.readAllBytes(dir.resolve("tune3.mid")), 10));
    return dir;
  }

  public static Map<String, Split> splits(PreparedCorpus corpus) throws Exception {
    Map<String, Split> splits = new HashMap<>();
    for (Split split : Split.values()) {
      corpus.pieces(split).forEach(p -> splits.put(p.source(), split));
    }
    return splits;
  }

}
