/**
 * Corpora: {@link dev.cadenza.corpus.MidiCorpus} walks folders of MIDI files, reads them in parallel, encodes
 * them with a tokenizer and caches the result on disk by file content and tokenizer options, reporting and
 * skipping files it cannot read. Its {@link dev.cadenza.corpus.Corpus} feeds a
 * {@link dev.cadenza.data.SequenceDataset}. {@link dev.cadenza.corpus.CorpusPreparation} prepares a corpus once into
 * token shards for streamed training (de-duplicated, filtered, split by content hash), on an engine found as a
 * {@link dev.cadenza.corpus.PreparationEngine}: {@code local} here, {@code spark} in the spark module.
 */
package dev.cadenza.corpus;
