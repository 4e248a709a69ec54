/**
 * Small programs that use Cadenza as a library, as the README shows them: {@link dev.cadenza.examples.GenerateMusic}.
 */
package dev.cadenza.examples;
