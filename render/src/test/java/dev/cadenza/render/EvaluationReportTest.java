package dev.cadenza.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.evaluation.MusicFeatures;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report is one file that needs nothing else: every picture and sound is inlined and decodes, nothing is
 * fetched, and it holds the table, a histogram per feature, the loss curve and the pieces asked for.
 */
class EvaluationReportTest {
  private static final Pattern SOURCE = Pattern.compile("(?:src|href)=\"([^\"]*)\"");
  private static final Pattern PNG = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"");

  private static Score tune(long seed) {
    Random random = new Random(seed);
    List<Note> notes = IntStream.range(0, 24).mapToObj(i -> new Note(55 + random.nextInt(20), 80, i * 240L, 240)).toList();
    return Score.of(TempoMap.constant(480, 120), List.of(Track.of("", 0, 0, notes)));
  }

  @Test
  void theReportIsSelfContainedAndComplete(@TempDir Path dir) throws Exception {
    Path history = Files.writeString(dir.resolve("loss.csv"), "epoch,train_loss,validation_loss,learning_rate,steps_per_second,improved\n"
        + "1,3.2,3.0,0.001,100,true\n2,2.9,2.8,0.001,100,true\n");
    Path wav = dir.resolve("a.wav");
    AudioRenderer.builder().build().writeWav(tune(1), wav);
    String html = EvaluationReport.builder(List.of(tune(1), tune(2)), List.of(tune(3), tune(4), tune(5)))
        .title("Chorales <test>").lossHistory(history).piece("a.mid", tune(1), Optional.of(wav)).piece("b.mid", tune(2), Optional.empty())
        .build().html();
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>Chorales &lt;test&gt;</title>").endsWith("</html>\n");
    Matcher sources = SOURCE.matcher(html);
    while (sources.find()) {
      assertThat(sources.group(1)).as("nothing outside the page").startsWith("data:");
    }
    assertThat(html).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    for (String feature : MusicFeatures.NAMES) {
      assertThat(html).contains("<td>" + feature + "</td>").contains("alt=\"" + feature + ": generated and reference\"");
    }
    List<BufferedImage> pictures = new ArrayList<>();
    Matcher png = PNG.matcher(html);
    while (png.find()) {
      pictures.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.group(1)))));
    }
    int histograms = MusicFeatures.NAMES.size();
    assertThat(pictures).as("a histogram per feature, the loss curve, 2 piano rolls").hasSize(histograms + 3).doesNotContainNull();
    assertThat(pictures.get(histograms).getWidth()).isEqualTo(800);
    assertThat(pictures.get(histograms + 1).getWidth()).isEqualTo(1200);
    int audio = html.indexOf("<audio controls src=\"data:audio/wav;base64,");
    assertThat(audio).as("a player for the piece with audio, none for the other").isPositive();
    assertThat(html.indexOf("<audio", audio + 1)).isNegative();
    String wavData = html.substring(audio).split("base64,", 2)[1].split("\"", 2)[0];
    assertThat(Base64.getDecoder().decode(wavData)).isEqualTo(Files.readAllBytes(wav));
    assertThat(html).contains("The longest run of generated notes found in a reference piece");
    Path file = dir.resolve("report.html");
    EvaluationReport.builder(List.of(tune(1)), List.of(tune(2))).build().write(file);
    assertThat(Files.readString(file)).contains("1 generated pieces against 1 reference pieces").doesNotContain("id=\"training\"");
    assertThatThrownBy(() -> EvaluationReport.builder(List.of(), List.of(tune(1)))).hasMessageContaining("had 0 and 1");
  }
}
