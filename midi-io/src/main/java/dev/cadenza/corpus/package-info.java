/**
 * Corpora: {@link dev.cadenza.corpus.MidiCorpus} walks folders of MIDI files, reads them in parallel, encodes
 * them with a tokenizer and caches the result on disk by file content and tokenizer options, reporting and
 * skipping files it cannot read. Its {@link dev.cadenza.corpus.Corpus} feeds a
 * {@link dev.cadenza.data.SequenceDataset}.
 */
package dev.cadenza.corpus;
