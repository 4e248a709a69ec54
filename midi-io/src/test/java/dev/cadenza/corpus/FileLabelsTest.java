package dev.cadenza.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a corpus's label table, as the Groove MIDI Dataset writes it. */
class FileLabelsTest {
  @TempDir
  Path dir;

  @Test
  void rowsNameFilesRelativeToTheTableWithTheirStyleAndSplit() throws IOException {
    Path table = Files.createDirectories(dir.resolve("groove")).resolve("info.csv");
    Files.writeString(table, """
        drummer,id,style,bpm,midi_filename,split
        drummer1,1,funk/groove1,138,"drummer1/eval_session/1_funk-groove1_138_beat_4-4.mid",test
        drummer1,2,Rock,100,drummer1/session1/2_rock_100_beat_4-4.mid,train
        drummer2,3,jazz/swing,90,drummer2/3_jazz.mid,validation
        drummer2,4,latin,90,drummer2/4_latin.mid,
        """);
    FileLabels labels = FileLabels.read(table);
    assertThat(labels.size()).isEqualTo(4);
    assertThat(labels.styles()).containsExactly("funk", "jazz", "latin", "rock");
    Path funk = dir.resolve("groove/drummer1/eval_session/1_funk-groove1_138_beat_4-4.mid");
    assertThat(labels.of(funk)).contains(new FileLabels.Label("funk", Optional.of(FileLabels.Split.TEST)));
    assertThat(labels.of(dir.resolve("groove/drummer1/../drummer2/4_latin.mid"))).contains(new FileLabels.Label("latin", Optional.empty()));
    assertThat(labels.of(dir.resolve("elsewhere.mid"))).isEmpty();
    assertThat(labels.filesIn(FileLabels.Split.TEST)).containsOnlyKeys(funk.toAbsolutePath().normalize());
    assertThat(labels.filesIn(FileLabels.Split.TRAIN).values()).containsExactly("rock");
    assertThat(FileLabels.find(dir)).contains(table);
    assertThat(FileLabels.find(dir.resolve("missing"))).isEmpty();
  }

  @Test
  void aTableThatCannotBeReadSaysWhereAndWhy() throws IOException {
    Path noStyle = Files.writeString(dir.resolve("a.csv"), "file,genre\nx.mid,rock\n");
    assertThatThrownBy(() -> FileLabels.read(noStyle)).hasMessage(noStyle + ": no column 'style' (it has file, genre)");
    Path badSplit = Files.writeString(dir.resolve("b.csv"), "file,style,split\nx.mid,rock,later\n");
    assertThatThrownBy(() -> FileLabels.read(badSplit)).hasMessageContaining(badSplit + ", line 2: the split must be train, validation or test");
    Path blank = Files.writeString(dir.resolve("c.csv"), "file,style\nx.mid,\n");
    assertThatThrownBy(() -> FileLabels.read(blank)).hasMessageContaining("a row needs a file and a style");
    Path empty = Files.writeString(dir.resolve("d.csv"), "file,style\n");
    assertThatThrownBy(() -> FileLabels.read(empty)).hasMessageContaining("no rows");
  }
}
