/** Test support shared by every module through core's test-jar: the locator of the real data sets. */
package dev.cadenza.testing;
