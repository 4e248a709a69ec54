package dev.cadenza.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.Digests;
import dev.cadenza.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BundledModelsTest {
  private static final Path SOURCES = Path.of("src/main/resources/dev/cadenza/models");

  @Test
  void everyBundleIsTheOneItsManifestNames() throws IOException {
    assertThat(BundledModels.named(BundledModels.DEFAULT)).isPresent();
    for (BundledModel model : BundledModels.all()) {
      byte[] bytes = model.bytes();
      assertThat(Digests.sha256(bytes)).as(model.name()).isEqualTo(model.sha256());
      ModelBundle bundle = model.read();
      assertThat(bundle.manifest().tokenizer().tokenizer()).as(model.name()).isNotBlank();
      assertThat(model.command()).as(model.name()).startsWith("./cadenza train ");
      assertThat(model.evaluation()).as(model.name()).isNotEmpty();
    }
  }

  @Test
  void everyBundleInTheSourcesHasAManifestEntry() throws IOException {
    List<String> named = BundledModels.all().stream().map(BundledModel::resource).toList();
    try (Stream<Path> files = Files.list(SOURCES)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(ModelBundle.EXTENSION)))
          .containsExactlyInAnyOrderElementsOf(named);
    }
  }

  @Test
  void aBundleThatDiffersFromItsManifestIsRefusedNamingIt() {
    BundledModel chorales = BundledModels.require(BundledModels.DEFAULT);
    BundledModel changed = new BundledModel(chorales.name(), chorales.summary(), chorales.resource(), "0".repeat(64),
        chorales.trainedOn(), chorales.command(), chorales.evaluation());
    assertThatThrownBy(changed::read).isInstanceOf(IOException.class).hasMessageContaining("does not match its manifest")
        .hasMessageContaining(chorales.resource());
    BundledModel missing = new BundledModel("gone", "", "gone.cadenza", "0".repeat(64), "", "", List.of());
    assertThatThrownBy(missing::bytes).isInstanceOf(IOException.class).hasMessageContaining("missing its bundle gone.cadenza");
    assertThatThrownBy(() -> BundledModels.require("gone")).hasMessageContaining("no bundled model 'gone'")
        .hasMessageContaining(BundledModels.DEFAULT);
  }
}
