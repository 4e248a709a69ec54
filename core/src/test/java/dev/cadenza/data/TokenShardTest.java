package dev.cadenza.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class TokenShardTest {
  @Provide
  Arbitrary<List<EncodedPiece.Tokens>> pieces() {
    Arbitrary<EncodedPiece.Tokens> piece = Arbitraries.strings().ofMaxLength(40).flatMap(source ->
        Arbitraries.integers().between(0, 5000).array(int[].class).ofMaxSize(300).map(ids -> new EncodedPiece.Tokens(source, ids)));
    return piece.list().ofMaxSize(20);
  }

  private static byte[] shard(List<EncodedPiece.Tokens> pieces) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TokenShard.write(out, pieces);
    return out.toByteArray();
  }

  private static List<EncodedPiece.Tokens> readAll(byte[] bytes) throws IOException {
    List<EncodedPiece.Tokens> read = new ArrayList<>();
    try (TokenShard.Reader reader = TokenShard.open(new ByteArrayInputStream(bytes), "part-0")) {
      reader.forEachRemaining(read::add);
    }
    return read;
  }

  @Property(tries = 50)
  void piecesComeBackAsTheyWereWritten(@ForAll("pieces") List<EncodedPiece.Tokens> pieces) throws IOException {
    byte[] bytes = shard(pieces);
    List<EncodedPiece.Tokens> read = readAll(bytes);
    assertThat(read).hasSameSizeAs(pieces);
    for (int i = 0; i < pieces.size(); i++) {
      assertThat(read.get(i).source()).isEqualTo(pieces.get(i).source());
      assertThat(read.get(i).ids()).containsExactly(pieces.get(i).ids());
    }
    TokenShard.Header header = TokenShard.header(new ByteArrayInputStream(bytes), "part-0");
    assertThat(header.sources()).isEqualTo(pieces.stream().map(EncodedPiece.Tokens::source).toList());
    assertThat(header.lengths()).containsExactly(pieces.stream().mapToInt(EncodedPiece.Tokens::length).toArray());
  }

  @Property(tries = 50)
  void aShardCutShortIsAnErrorNamingItNeverFewerTokens(@ForAll("pieces") List<EncodedPiece.Tokens> pieces,
      @ForAll @IntRange(min = 1, max = 1000) int cut) throws IOException {
    byte[] bytes = shard(pieces);
    byte[] shorter = Arrays.copyOf(bytes, Math.max(0, bytes.length - cut));
    assertThatThrownBy(() -> readAll(shorter)).satisfiesAnyOf(
        e -> assertThat(e).isInstanceOf(IOException.class).hasMessageContaining("part-0"),
        e -> assertThat(e).isInstanceOf(UncheckedIOException.class).hasMessageContaining("part-0"));
  }

  @Property(tries = 50)
  void aChangedByteInTheTokensIsAnErrorNamingTheShard(@ForAll("pieces") List<EncodedPiece.Tokens> pieces,
      @ForAll @IntRange(min = 0, max = 1_000_000) int where) throws IOException {
    long tokens = pieces.stream().mapToLong(EncodedPiece.Tokens::length).sum();
    net.jqwik.api.Assume.that(tokens > 0);
    byte[] bytes = shard(pieces);
    int dataStart = bytes.length - 8 - (int) tokens * 4;
    int at = dataStart + where % ((int) tokens * 4);
    bytes[at] ^= 0x10;
    assertThatThrownBy(() -> readAll(bytes)).isInstanceOf(UncheckedIOException.class).hasMessageContaining("part-0 is damaged");
  }

  @Property(tries = 10)
  void somethingElseIsNotTakenForAShard(@ForAll byte[] bytes) {
    assertThatThrownBy(() -> readAll(bytes)).isInstanceOf(IOException.class).hasMessageContaining("part-0");
  }
}
