/**
 * JMH benchmarks. Each compares Cadenza with a baseline measured in the same run, since the machines are
 * shared and noisy; {@link dev.cadenza.benchmarks.MidiReadThroughput} is the first.
 */
package dev.cadenza.benchmarks;
