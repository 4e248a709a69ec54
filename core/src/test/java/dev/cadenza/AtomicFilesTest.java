package dev.cadenza;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: whole files, no temporary files left, and the permissions a user expects. */
class AtomicFilesTest {

  @Test
  void aNewFileGetsThePermissionsOfAnyNewFileNotOwnerOnly(@TempDir Path dir) throws IOException {
    assumeThat(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)).as("POSIX permissions").isTrue();
    Path plain = Files.createFile(dir.resolve("plain")); // what the umask gives a new file
    Path written = dir.resolve("out.mid");
    AtomicFiles.write(written, new byte[] {1, 2, 3});
    assertThat(Files.readAllBytes(written)).containsExactly(1, 2, 3);
    assertThat(Files.getPosixFilePermissions(written)).isEqualTo(Files.getPosixFilePermissions(plain));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("plain", "out.mid");
    }
  }

  @Test
  void aReplacedFileKeepsItsPermissions(@TempDir Path dir) throws IOException {
    assumeThat(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)).as("POSIX permissions").isTrue();
    Path file = Files.writeString(dir.resolve("loss.csv"), "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
    AtomicFiles.write(file, "new".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(Files.readString(file)).isEqualTo("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw-r--");
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("best.cadenza"), "the good model");
    assertThatThrownBy(() -> AtomicFiles.write(file, temp -> {
      Files.writeString(temp, "half");
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(Files.readString(file)).isEqualTo("the good model");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }
}
