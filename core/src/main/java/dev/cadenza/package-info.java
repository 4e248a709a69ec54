/** Facts about this build of Cadenza, such as its version, for manifests, logs and the command line. */
package dev.cadenza;
