/**
 * The {@code cadenza} command-line tool: {@link dev.cadenza.cli.CadenzaCli} and its subcommands, starting with
 * {@link dev.cadenza.cli.InfoCommand info}. It prints for people; the library underneath it never prints.
 */
package dev.cadenza.cli;
