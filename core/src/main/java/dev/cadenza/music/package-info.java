/**
 * The music model every other part of Cadenza works on: an immutable {@link dev.cadenza.music.Score} of
 * {@link dev.cadenza.music.Track tracks} and {@link dev.cadenza.music.Note notes} in ticks, with a
 * {@link dev.cadenza.music.TempoMap} for exact tick and second conversion, time and key signatures, and the
 * transformations later stages need (quantize, transpose, merge and split tracks, slice by time).
 */
package dev.cadenza.music;
