package dev.cadenza;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this build of Cadenza. */
public final class Cadenza {
  private static final String VERSION = load().getProperty("version", "unknown");

  private Cadenza() {}

  /** The library's version, such as {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return VERSION;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Cadenza.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Cadenza's version.properties", e);
    }
    return p;
  }
}
