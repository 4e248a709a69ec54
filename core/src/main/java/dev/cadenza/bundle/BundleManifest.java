package dev.cadenza.bundle;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.tokens.TokenizerSpec;

/**
 * The description of a model bundle, stored as {@code manifest.json}.
 *
 * @param formatVersion the bundle format, {@link ModelBundle#FORMAT_VERSION} for bundles this version writes
 * @param libraryVersion the Cadenza version that wrote it
 * @param backend the backend whose format the weights are in
 * @param architecture the model's shape
 * @param tokenizer the tokenizer, with its fitted vocabulary if it has one
 * @param training where the model came from
 * @param weightsSha256 the SHA-256 of the backend's weights entry, checked on reading
 * @param portableWeightsSha256 the SHA-256 of the portable weights entry (safetensors), checked on reading
 */
public record BundleManifest(int formatVersion, String libraryVersion, String backend, ArchitectureSpec architecture,
    TokenizerSpec tokenizer, Provenance training, String weightsSha256, String portableWeightsSha256) {}
