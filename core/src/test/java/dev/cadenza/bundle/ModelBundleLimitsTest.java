package dev.cadenza.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles are read with limits: an entry that inflates past its limit is refused, and foreign entries are never read. */
class ModelBundleLimitsTest {

  /** The golden bundle's entries, plus one more of {@code extraBytes} zeros under {@code extraName} (replacing one). */
  private static Path withEntry(Path dir, String extraName, long extraBytes) throws IOException {
    Path golden = GoldenBundleTest.formatOne(dir);
    Path out = dir.resolve(extraName.replace('/', '-') + ".cadenza");
    try (ZipFile in = new ZipFile(golden.toFile()); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      for (ZipEntry e : Collections.list(in.entries())) {
        if (!e.getName().equals(extraName)) {
          zip.putNextEntry(new ZipEntry(e.getName()));
          in.getInputStream(e).transferTo(zip);
        }
      }
      zip.putNextEntry(new ZipEntry(extraName));
      writeZeros(zip, extraBytes);
    }
    return out;
  }

  private static void writeZeros(OutputStream out, long bytes) throws IOException {
    byte[] block = new byte[1 << 20];
    for (long left = bytes; left > 0; left -= block.length) {
      out.write(block, 0, (int) Math.min(block.length, left));
    }
  }

  @Test
  void aManifestThatInflatesPastItsLimitIsRefused(@TempDir Path dir) throws Exception {
    Path bomb = withEntry(dir, "manifest.json", (16L << 20) + 1);
    assertThat(Files.size(bomb)).isLessThan(1L << 20);
    assertThatThrownBy(() -> ModelBundle.read(bomb)).isInstanceOf(IOException.class)
        .hasMessageContaining("its entry manifest.json is larger than 16 MiB");
  }

  @Test
  void foreignEntriesAreNotRead(@TempDir Path dir) throws Exception {
    Path padded = withEntry(dir, "notes/huge.bin", 64L << 20);
    assertThat(ModelBundle.read(padded).manifest().backend()).isEqualTo("djl");
  }
}
