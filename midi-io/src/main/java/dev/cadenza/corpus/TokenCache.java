package dev.cadenza.corpus;

import dev.cadenza.AtomicFiles;
import dev.cadenza.Digests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encoded files on disk, keyed by the SHA-256 of the file's content, of the tokenizer's spec and of the encoding's
 * compiled class (so a Cadenza whose encoder changed, a drum mapping say, does not read what an older one wrote). A stat index
 * (path, size, modification time to content hash), as git's index keeps one, spares hashing files that have not
 * changed. Every write is atomic; an entry that cannot be read is treated as missing and written again.
 */
final class TokenCache {
  private static final Logger LOG = LoggerFactory.getLogger(TokenCache.class);
  private static final int MAGIC = 0x43445A31; // "CDZ1"
  private static final String INDEX = "stat-index.tsv";

  /** The SHA-256 of a class's compiled bytes, or its name where they cannot be read. */
  private static String codeOf(Class<?> type) {
    try (java.io.InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      return in == null ? type.getName() : Digests.sha256(in.readAllBytes());
    } catch (IOException e) {
      return type.getName();
    }
  }

  /** What an entry holds. */
  enum Kind { IDS, FRAMES, STRINGS }

  /**
   * A cached encoding of one file.
   *
   * @param ids token ids, or null
   * @param frames frames, or null
   * @param strings token strings (for tokenizers whose vocabulary is fitted later), or null
   */
  record Entry(int[] ids, float[][] frames, List<String> strings) {}

  private final Path dir;
  private final String specHash;
  private final Map<String, String> statIndex = new ConcurrentHashMap<>();
  private final int indexSizeAtLoad;

  TokenCache(Path dir, String specJson, Class<?> encoder) throws IOException {
    this.dir = dir;
    this.specHash = Digests.sha256((specJson + "\n" + codeOf(encoder)).getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(dir);
    Path index = dir.resolve(INDEX);
    if (Files.exists(index)) {
      for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
        int tab = line.lastIndexOf('\t');
        if (tab > 0) {
          statIndex.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
    }
    indexSizeAtLoad = statIndex.size();
  }

  /**
   * A file's content hash, and its bytes when they had to be read for it.
   *
   * @param hash the SHA-256 of the content
   * @param bytes the content, or null when the hash came from the stat index
   */
  record Content(String hash, byte[] bytes) {}

  /** The content hash of a file, from the stat index when its size and modification time have not changed. */
  Content content(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    String stat = file.toAbsolutePath() + "\t" + attributes.size() + "\t" + attributes.lastModifiedTime().toMillis();
    String known = statIndex.get(stat);
    if (known != null) {
      return new Content(known, null);
    }
    byte[] bytes = Files.readAllBytes(file);
    String hash = Digests.sha256(bytes);
    statIndex.put(stat, hash);
    return new Content(hash, bytes);
  }

  private Path entryPath(String contentHash) {
    String key = Digests.sha256((specHash + contentHash).getBytes(StandardCharsets.US_ASCII));
    return dir.resolve(key.substring(0, 2)).resolve(key + ".bin");
  }

  /** The cached entry, or null when there is none or it cannot be read. */
  Entry get(String contentHash) {
    Path path = entryPath(contentHash);
    if (!Files.exists(path)) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(path)))) {
      if (in.readInt() != MAGIC) {
        throw new IOException("not a cache entry");
      }
      Kind kind = Kind.values()[in.readByte()];
      int n = in.readInt();
      return switch (kind) {
        case IDS -> {
          int[] ids = new int[n];
          for (int i = 0; i < n; i++) {
            ids[i] = in.readInt();
          }
          yield new Entry(ids, null, null);
        }
        case FRAMES -> {
          int width = in.readInt();
          float[][] frames = new float[n][width];
          for (float[] frame : frames) {
            for (int k = 0; k < width; k++) {
              frame[k] = in.readFloat();
            }
          }
          yield new Entry(null, frames, null);
        }
        case STRINGS -> {
          List<String> strings = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            strings.add(in.readUTF());
          }
          yield new Entry(null, null, strings);
        }
      };
    } catch (IOException | RuntimeException e) {
      LOG.warn("cache entry {} is unreadable ({}); encoding the file again", path, e.toString());
      return null;
    }
  }

  /** Stores an entry atomically. */
  void put(String contentHash, Entry entry) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      if (entry.ids() != null) {
        out.writeByte(Kind.IDS.ordinal());
        out.writeInt(entry.ids().length);
        for (int id : entry.ids()) {
          out.writeInt(id);
        }
      } else if (entry.frames() != null) {
        out.writeByte(Kind.FRAMES.ordinal());
        out.writeInt(entry.frames().length);
        out.writeInt(entry.frames().length == 0 ? 0 : entry.frames()[0].length);
        for (float[] frame : entry.frames()) {
          for (float v : frame) {
            out.writeFloat(v);
          }
        }
      } else {
        out.writeByte(Kind.STRINGS.ordinal());
        out.writeInt(entry.strings().size());
        for (String s : entry.strings()) {
          out.writeUTF(s);
        }
      }
    }
    AtomicFiles.write(entryPath(contentHash), bytes.toByteArray());
  }

  /** Saves the stat index if it learned anything. */
  void saveIndex() throws IOException {
    if (statIndex.size() == indexSizeAtLoad) {
      return;
    }
    StringBuilder text = new StringBuilder();
    statIndex.forEach((stat, hash) -> text.append(stat).append('\t').append(hash).append('\n'));
    AtomicFiles.write(dir.resolve(INDEX), text.toString().getBytes(StandardCharsets.UTF_8));
  }

}
