/**
 * The backend SPI: what a neural backend implements ({@link dev.cadenza.model.SequenceModelProvider},
 * {@link dev.cadenza.model.SequenceModel}, {@link dev.cadenza.model.GenerationSession}) and how core finds one
 * ({@link dev.cadenza.model.Backends}). Backends do tensors only; everything musical stays in core.
 */
package dev.cadenza.model;
