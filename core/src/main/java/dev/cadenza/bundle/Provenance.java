package dev.cadenza.bundle;

/**
 * Where a model came from.
 *
 * @param dataFingerprint a SHA-256 over the training pieces' sources and lengths
 * @param trainPieces the number of pieces trained on
 * @param validationPieces the number of pieces validated on
 * @param epochs the epochs trained when this bundle was written
 * @param bestValidationLoss the validation loss of this bundle's weights (mean nats per step)
 * @param seed the seed of the run
 * @param date when the bundle was written, ISO-8601
 */
public record Provenance(String dataFingerprint, int trainPieces, int validationPieces, int epochs,
    double bestValidationLoss, long seed, String date) {}
