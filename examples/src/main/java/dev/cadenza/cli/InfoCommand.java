package dev.cadenza.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cadenza.midi.MidiReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cadenza info}: describes MIDI files, one block (or one JSON line) per file. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = {"Describes MIDI files: format, resolution, tracks, tempo changes, time and key signatures, "
        + "duration; a one-line error for a file that cannot be read.",
        "Folders are walked recursively for .mid, .midi, .kar and .rmi files."},
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {"0:the arguments were usable, whatever the files held", "2:unusable arguments, or no MIDI file in them"})
final class InfoCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  private CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE-OR-FOLDER", description = "MIDI files, or folders holding them.")
  private List<Path> paths;

  @Option(names = "--json", description = "Print one JSON object per file per line.")
  private boolean json;

  @Option(names = "--strict", description = "Reject what the standard forbids instead of repairing it with a warning.")
  private boolean strict;

  @Option(names = "--charset", paramLabel = "CHARSET", defaultValue = "ISO-8859-1",
      description = "How to decode track names that are not UTF-8 (default: ${DEFAULT-VALUE}).")
  private Charset charset;

  @Override
  public Integer call() {
    List<Path> files = MidiInputs.find(spec, "", paths);
    PrintWriter out = spec.commandLine().getOut();
    MidiReader reader = MidiReader.lenient().withStrict(strict).withTextCharset(charset);
    int unreadable = 0;
    int warned = 0;
    for (Path file : files) {
      MidiInputs.Input input = MidiInputs.read(reader, file);
      FileReport report = input.midi() != null ? FileReport.of(input.midi()) : FileReport.failed(file.toString(), input.error());
      unreadable += report.ok() ? 0 : 1;
      warned += report.ok() && !report.warnings().isEmpty() ? 1 : 0;
      out.println(json ? toJson(report) : TextReport.format(report));
    }
    if (!json && files.size() > 1) {
      out.printf("%d files: %d read cleanly, %d read with warnings, %d unreadable%n",
          files.size(), files.size() - warned - unreadable, warned, unreadable);
    }
    return 0;
  }

  private static String toJson(FileReport report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text form of a report, for people. */
  static final class TextReport {
    private TextReport() {}

    static String format(FileReport r) {
      if (!r.ok()) {
        return r.file() + ": error: " + r.error();
      }
      StringBuilder s = new StringBuilder(r.file()).append('\n');
      s.append(String.format("  format %d, %s, %d track chunks, %d notes, %.2f s%s%n", r.format(), r.division(),
          r.trackChunks(), r.notes(), r.seconds(), r.truncated() ? ", TRUNCATED" : ""));
      s.append("  tempo: ").append(r.tempos().stream()
          .map(t -> String.format("%.1f bpm at %.2f s", t.bpm(), t.seconds())).collect(Collectors.joining(", "))).append('\n');
      s.append("  time signatures: ").append(signatures(r.timeSignatures())).append('\n');
      s.append("  key signatures: ").append(signatures(r.keySignatures())).append('\n');
      s.append(String.format("  %-3s %-24s %-28s %7s %5s %6s%n", "#", "track", "instrument (program)", "channel", "drum", "notes"));
      int i = 1;
      for (FileReport.TrackReport t : r.tracks()) {
        s.append(String.format("  %-3d %-24s %-28s %7d %5s %6d%n", i++, abbreviate(t.name(), 24),
            abbreviate(t.instrument() + " (" + t.program() + ")", 28), t.channel(), t.drum() ? "yes" : "no", t.notes()));
      }
      for (String w : r.warnings()) {
        s.append("  warning: ").append(w).append('\n');
      }
      return s.toString().stripTrailing();
    }

    private static String signatures(List<FileReport.SignatureReport> list) {
      return list.isEmpty() ? "none stated"
          : list.stream().map(x -> String.format("%s at %.2f s", x.value(), x.seconds())).collect(Collectors.joining(", "));
    }

    private static String abbreviate(String text, int width) {
      return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
  }
}
