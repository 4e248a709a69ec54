/**
 * The library's front door for making music with a trained model: {@link dev.cadenza.generator.MusicGenerator}
 * loads a bundle on a backend and generates from any kind of primer, many pieces at once, from any thread.
 */
package dev.cadenza.generator;
