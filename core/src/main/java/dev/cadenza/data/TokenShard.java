package dev.cadenza.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * One file of a {@link PreparedCorpus}: token pieces, written and read as a stream, so a reader holds one piece at a
 * time. The layout: the 8 bytes {@code CDZSHARD}, a format version (int, 1), the piece count (int); a header of each
 * piece's source (modified UTF-8) and length (int); the pieces' ids (ints), piece after piece; a CRC-32 (long) of
 * everything before it. Big-endian throughout. A shard that is cut short or damaged is an {@link IOException} naming
 * it, never wrong tokens.
 */
public final class TokenShard {
  private static final byte[] MAGIC = "CDZSHARD".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private TokenShard() {}

  /**
   * The sources and lengths of a shard's pieces, in order.
   *
   * @param sources where each piece came from
   * @param lengths each piece's number of ids
   */
  public record Header(List<String> sources, int[] lengths) {
    /** Copies the list. */
    public Header {
      sources = List.copyOf(sources);
    }

    /** The number of ids in the shard. */
    public long tokens() {
      return Arrays.stream(lengths).asLongStream().sum();
    }
  }

  /** Writes the pieces as a shard to {@code out}, and closes it. */
  public static void write(OutputStream out, List<EncodedPiece.Tokens> pieces) throws IOException {
    CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(out, 1 << 16), new CRC32());
    try (DataOutputStream data = new DataOutputStream(checked)) {
      data.write(MAGIC);
      data.writeInt(VERSION);
      data.writeInt(pieces.size());
      for (EncodedPiece.Tokens piece : pieces) {
        data.writeUTF(piece.source());
        data.writeInt(piece.ids().length);
      }
      for (EncodedPiece.Tokens piece : pieces) {
        for (int id : piece.ids()) {
          data.writeInt(id);
        }
      }
      data.flush();
      data.writeLong(checked.getChecksum().getValue());
    }
  }

  /**
   * Reads a shard's header only.
   *
   * @param name the shard's name, for errors
   * @throws IOException if it is not a shard, is cut short, or cannot be read
   */
  public static Header header(InputStream in, String name) throws IOException {
    try (Reader reader = open(in, name)) {
      return reader.header();
    }
  }

  /**
   * Opens a shard to read its pieces one at a time ({@link Reader}); reading past the last piece checks the checksum.
   *
   * @param name the shard's name, for errors
   * @throws IOException if it is not a shard, its header is cut short, or it cannot be read
   */
  public static Reader open(InputStream in, String name) throws IOException {
    return new Reader(in, name);
  }

  /** The pieces of one shard, read as they are asked for. Not thread-safe. */
  public static final class Reader implements Iterator<EncodedPiece.Tokens>, Closeable {
    private final String name;
    private final CheckedInputStream checked;
    private final DataInputStream data;
    private final Header header;
    private int next;

    private Reader(InputStream in, String name) throws IOException {
      this.name = name;
      this.checked = new CheckedInputStream(new BufferedInputStream(in, 1 << 16), new CRC32());
      this.data = new DataInputStream(checked);
      try {
        byte[] magic = new byte[MAGIC.length];
        data.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
          throw new IOException(name + " is not a Cadenza token shard");
        }
        int version = data.readInt();
        if (version != VERSION) {
          throw new IOException(name + " is a token shard of format " + version + "; this Cadenza reads format " + VERSION);
        }
        int count = data.readInt();
        if (count < 0) {
          throw new IOException(name + " is damaged: it says it holds " + count + " pieces");
        }
        List<String> sources = new ArrayList<>(Math.min(count, 1 << 16));
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
          sources.add(data.readUTF());
          lengths[i] = data.readInt();
          if (lengths[i] < 0) {
            throw new IOException(name + " is damaged: piece " + i + " has length " + lengths[i]);
          }
        }
        this.header = new Header(sources, lengths);
        if (count == 0) {
          verify();
        }
      } catch (EOFException e) {
        close();
        throw new IOException(name + " is cut short: its header ends early", e);
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    /** Reads the checksum after the last piece and compares it with the content's. */
    private void verify() throws IOException {
      long computed = checked.getChecksum().getValue();
      if (data.readLong() != computed) {
        throw new IOException(name + " is damaged: its checksum does not match its content");
      }
    }

    /** The shard's sources and lengths. */
    public Header header() {
      return header;
    }

    @Override
    public boolean hasNext() {
      return next < header.lengths().length;
    }

    /**
     * The next piece.
     *
     * @throws java.io.UncheckedIOException if the shard is cut short, damaged (its checksum does not match, checked
     *     with the last piece) or cannot be read
     */
    @Override
    public EncodedPiece.Tokens next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      try {
        int[] ids = new int[header.lengths()[next]];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = data.readInt();
        }
        EncodedPiece.Tokens piece = new EncodedPiece.Tokens(header.sources().get(next), ids);
        next++;
        if (!hasNext()) {
          verify();
        }
        return piece;
      } catch (EOFException e) {
        throw new java.io.UncheckedIOException(new IOException(name + " is cut short: piece " + next + " of "
            + header.lengths().length + " ends early", e));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      data.close();
    }
  }
}
