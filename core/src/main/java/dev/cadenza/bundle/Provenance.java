package dev.cadenza.bundle;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a model came from. Bundles of older versions lack the later fields: they read as empty, 0 or null.
 *
 * @param dataFingerprint a SHA-256 over the training pieces' sources and lengths
 * @param trainPieces the number of pieces trained on
 * @param validationPieces the number of pieces validated on
 * @param epochs the epochs trained when this bundle was written
 * @param bestValidationLoss the validation loss of this bundle's weights (mean nats per step)
 * @param seed the seed of the run
 * @param date when the bundle was written, ISO-8601
 * @param settings the whole training configuration by name: the trainer's own values and whatever its caller
 *     recorded (for {@code cadenza train}, every option as given or defaulted)
 * @param engine the backend's engine and its version, such as {@code PyTorch 2.7.1 (DJL 0.36.0)}
 * @param cores the processors the training machine offered the JVM
 */
public record Provenance(String dataFingerprint, int trainPieces, int validationPieces, int epochs,
    double bestValidationLoss, long seed, String date, Map<String, String> settings, String engine, int cores) {

  /** Copies the settings, sorted by name (none if absent, as in bundles of older versions). */
  public Provenance {
    settings = settings == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(settings));
  }
}
