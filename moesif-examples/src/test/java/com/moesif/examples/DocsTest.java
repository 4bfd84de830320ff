package com.moesif.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.moesif.core.MoesifConfig;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference lists every key the SDK knows, with the right environment variable
 * and an example the SDK accepts; and no doc names a {@code MOESIF_*} variable that does not exist.
 */
class DocsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern ROW = Pattern.compile("^\\| `([A-Z_]+)` \\|(.*)$");
  private static final Pattern ENV_NAME = Pattern.compile("\\bMOESIF_([A-Z][A-Z_]*[A-Z])\\b");

  @Test
  void theConfigurationTableHasOneRowPerKeyWithEnvironmentVariableAndAWorkingExample() throws IOException {
    Map<String, String[]> rows = new HashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8)) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        String[] cells = m.group(2).split(" \\| ");
        assertThat(rows.put(m.group(1), cells)).as("row for %s given twice", m.group(1)).isNull();
      }
    }
    Map<String, MoesifConfig.Setting> byKey = new HashMap<>();
    MoesifConfig.settings().forEach(setting -> byKey.put(setting.key(), setting));
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(byKey.keySet());

    Set<String> builderMethods = new TreeSet<>();
    for (Method method : MoesifConfig.Builder.class.getMethods()) {
      builderMethods.add(method.getName());
    }
    rows.forEach((key, cells) -> {
      String env = cells[0].trim();
      String builder = cells[1].trim();
      String example = cells[4].trim();
      assertThat(builderMethods).as(key).contains(builder.substring(1, builder.indexOf('(')));
      if (!byKey.get(key).codeOnly()) {
        assertThat(env).as(key).isEqualTo("`MOESIF_" + key + "`");
        assertThat(example).as(key).startsWith("`MOESIF_" + key + "=").endsWith("`");
        String value = example.substring(("`MOESIF_" + key + "=").length(), example.length() - 1);
        Map<String, Object> settings = new HashMap<>();
        settings.put("APPLICATION_ID", "docs-test");
        settings.put(key, value);
        assertThatCode(() -> MoesifConfig.fromMap(settings)).as("example for " + key).doesNotThrowAnyException();
      } else {
        assertThat(env).as(key).isEqualTo("code only");
        String method = builder.substring(1, builder.indexOf('('));
        assertThat(example).as(key).startsWith("`" + method + "(");
      }
    });
  }

  @Test
  void everyMoesifVariableTheDocsNameExists() throws IOException {
    Set<String> known = new TreeSet<>();
    MoesifConfig.settings().stream().filter(s -> !s.codeOnly()).forEach(s -> known.add(s.key()));
    known.add("LOG_BODYY"); // troubleshooting.md quotes the SDK's warning about this very typo
    List<String> unknown = new ArrayList<>();
    for (Path doc : docs()) {
      Matcher m = ENV_NAME.matcher(Files.readString(doc, StandardCharsets.UTF_8));
      while (m.find()) {
        if (!known.contains(m.group(1))) {
          unknown.add(ROOT.relativize(doc) + ": MOESIF_" + m.group(1));
        }
      }
    }
    assertThat(unknown).as("MOESIF_* names that are not configuration keys").isEmpty();
  }

  private static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>();
    try (Stream<Path> top = Files.list(ROOT)) {
      top.filter(Files::isDirectory).forEach(dir -> {
        Path readme = dir.resolve("README.md");
        if (Files.isRegularFile(readme)) {
          docs.add(readme);
        }
      });
    }
    docs.add(ROOT.resolve("README.md"));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).forEach(docs::add);
    }
    return docs;
  }
}
