/**
 * The models Cadenza ships: bundles trained with Cadenza's own {@code train} command on the data sets named in their
 * manifests, read from the class path. {@link dev.cadenza.models.BundledModels} lists them; {@code MusicGenerator}
 * loads the default one when it is given no model.
 */
package dev.cadenza.models;
