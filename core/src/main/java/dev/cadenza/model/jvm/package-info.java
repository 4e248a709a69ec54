/**
 * Generation sessions computed in plain Java from a model's weights in the shared layout
 * ({@link dev.cadenza.model.NamedTensors}): at the small batches of generation a step is a few matrix-vector
 * products, and on a CPU their arithmetic costs less than the native calls, allocations and dispatch of running them
 * one operation at a time on an engine. Backends open these sessions for CPU generation ({@link
 * dev.cadenza.model.jvm.JvmSessions}); the conformance kit holds them to the same outputs as the backend's own
 * whole-sequence prediction.
 */
package dev.cadenza.model.jvm;
