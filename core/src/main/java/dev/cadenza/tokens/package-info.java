/**
 * Tokenizers: the musical encodings that turn a {@link dev.cadenza.music.Score} into what a model learns
 * from and back. {@link dev.cadenza.tokens.Tokenizer}s give token ids ({@code note-chord}, {@code performance},
 * {@code remi}, {@code chord-steps}); {@link dev.cadenza.tokens.FrameEncoding}s give multi-hot frames ({@code piano-roll},
 * {@code drum-grid}). All are found by name through {@link dev.cadenza.tokens.Tokenizers}, which discovers
 * {@link dev.cadenza.tokens.TokenizerProvider}s with {@link java.util.ServiceLoader}, so users can add their
 * own. Every encoding defines its {@linkplain dev.cadenza.tokens.ScoreEncoding#quantize quantized view} of a
 * score: decoding what it encoded gives exactly that view.
 */
package dev.cadenza.tokens;
