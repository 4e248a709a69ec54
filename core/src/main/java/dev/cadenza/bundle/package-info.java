/**
 * Model bundles: one zip file holding a JSON {@link dev.cadenza.bundle.BundleManifest manifest} (format and
 * library version, backend, architecture, tokenizer with its vocabulary, training provenance), the backend's
 * weights and a few primer windows from the training data; written atomically, checked when read.
 */
package dev.cadenza.bundle;
