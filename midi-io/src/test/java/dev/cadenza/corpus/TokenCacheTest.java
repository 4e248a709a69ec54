package dev.cadenza.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token cache's key: the file's content, the tokenizer's spec and the encoder's code. */
class TokenCacheTest {
  @TempDir
  Path dir;

  @Test
  void anEntryIsReadBackOnlyBySameSpecAndTheSameEncoderCode() throws IOException {
    String spec = "{\"tokenizer\":\"drum-grid\",\"options\":{}}";
    TokenCache written = new TokenCache(dir, spec, dev.cadenza.tokens.DrumGridEncoding.class);
    written.put("content", new TokenCache.Entry(new int[] {1, 2, 3}, null, null));
    assertThat(new TokenCache(dir, spec, dev.cadenza.tokens.DrumGridEncoding.class).get("content").ids()).containsExactly(1, 2, 3);
    assertThat(new TokenCache(dir, spec, dev.cadenza.tokens.PianoRollEncoding.class).get("content"))
        .as("another encoder's code, as after an upgrade that changed it").isNull();
    assertThat(new TokenCache(dir, spec.replace("{}", "{\"velocity\":\"true\"}"), dev.cadenza.tokens.DrumGridEncoding.class).get("content"))
        .isNull();
  }
}
