package com.moesif.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java in the READMEs and docs is compiled code: every {@code ```java} block of the files
 * below is, character for character, a {@code // snippet:} block of a source file that the build
 * compiles ({@code com.moesif.examples.snippets} here and in the Spark example module, the Spring
 * Boot example), headed by the imports of that file it uses, so a reader knows which package each
 * name comes from. Change an API and the snippet stops compiling; change a snippet and this test
 * names the README to update and prints the block it expects.
 */
class ReadmeSnippetsTest {
  /** The repository root: tests run in the module directory. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Where snippets live: every module that compiles example code. */
  private static final List<Path> SOURCES =
      List.of(
          ROOT.resolve("moesif-examples/src/main/java"),
          ROOT.resolve("moesif-examples-spark/src/main/java"),
          ROOT.resolve("moesif-examples-spring/src/main/java"));

  /** Files whose every Java block must be a snippet, even if no snippet named them any more. */
  private static final Set<String> COVERED =
      Set.of(
          "README.md",
          "docs/configuration.md",
          "docs/privacy.md",
          "docs/troubleshooting.md",
          "moesif-core/README.md",
          "moesif-servlet/README.md",
          "moesif-client-interceptors/README.md",
          "moesif-javalin/README.md",
          "moesif-jaxrs/README.md",
          "moesif-spark/README.md",
          "moesif-spring-boot-starter/README.md",
          "moesif-micrometer/README.md",
          "moesif-examples-spring/README.md");

  private static final Pattern START = Pattern.compile("^\\s*// snippet:(.*)$");
  private static final Pattern END = Pattern.compile("^\\s*// end snippet\\s*$");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL);
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?(?:[\\w.]*\\.)?(\\w+)\\s*;\\s*$");
  /** A line comment (not the {@code //} of a URL in a string). */
  private static final Pattern COMMENT = Pattern.compile("(^|\\s)//\\s.*$", Pattern.MULTILINE);

  record Snippet(String source, List<String> files, String text) {}

  @Test
  void everySnippetIsAJavaBlockOfEveryFileItNames() {
    List<Snippet> snippets = snippets();
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(7);
    for (Snippet snippet : snippets) {
      assertThat(snippet.files()).as(snippet.source() + " names no file").isNotEmpty();
      for (String file : snippet.files()) {
        assertThat(javaBlocks(file))
            .as("%s: %s has no ```java block equal to the snippet%n%s", snippet.source(), file, snippet.text())
            .contains(snippet.text());
      }
    }
  }

  @Test
  void everyJavaBlockOfTheDocsIsACompiledSnippet() {
    List<Snippet> snippets = snippets();
    Set<String> files = new TreeSet<>(COVERED);
    snippets.forEach(s -> files.addAll(s.files()));
    List<String> texts = snippets.stream().map(Snippet::text).toList();
    for (String file : files) {
      for (String block : javaBlocks(file)) {
        assertThat(texts)
            .as("%s has a ```java block that no compiled snippet backs; add it to com.moesif.examples.snippets:%n%s", file, block)
            .contains(block);
      }
    }
  }

  @Test
  void snippetsAreExtractedDeIndentedBetweenTheirMarkers() {
    List<Snippet> parsed =
        parse("Example.java", List.of(
            "class Example {",
            "  void f() {",
            "    // snippet: README.md docs/x.md",
            "    int a = 1;",
            "",
            "      int b = 2;  // kept as written",
            "    // end snippet",
            "  }",
            "}"));

    assertThat(parsed).containsExactly(
        new Snippet("Example.java:3", List.of("README.md", "docs/x.md"), "int a = 1;\n\n  int b = 2;  // kept as written"));
  }

  @Test
  void snippetsAreHeadedByTheImportsTheyUse() {
    List<Snippet> parsed =
        parse("Example.java", List.of(
            "import static spark.Spark.get;",
            "import com.moesif.core.Moesif;",
            "import com.moesif.core.MoesifConfig;",
            "import java.util.List;",
            "import java.util.Map;",
            "class Example {",
            "  void f() {",
            "    // snippet: README.md",
            "    Moesif moesif = Moesif.create(config);  // not a List",
            "    get(\"http://h/\", (req, res) -> moesif.config().get());",
            "    // end snippet",
            "  }",
            "}"));

    assertThat(parsed.get(0).text()).isEqualTo(
        "import static spark.Spark.get;\nimport com.moesif.core.Moesif;\n\n"
            + "Moesif moesif = Moesif.create(config);  // not a List\nget(\"http://h/\", (req, res) -> moesif.config().get());");
  }

  private static List<Snippet> snippets() {
    List<Snippet> snippets = new ArrayList<>();
    for (Path sources : SOURCES) {
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
          snippets.addAll(parse(ROOT.relativize(file).toString(), Files.readAllLines(file, StandardCharsets.UTF_8)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return snippets;
  }

  static List<Snippet> parse(String source, List<String> lines) {
    List<String> imports = lines.stream().filter(l -> IMPORT.matcher(l).matches()).toList();
    List<Snippet> snippets = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher start = START.matcher(lines.get(i));
      if (!start.matches()) {
        continue;
      }
      int first = i + 1;
      int end = first;
      while (end < lines.size() && !END.matcher(lines.get(end)).matches()) {
        end++;
      }
      if (end == lines.size()) {
        throw new AssertionError(source + ":" + (i + 1) + ": snippet without // end snippet");
      }
      List<String> body = lines.subList(first, end);
      int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(ReadmeSnippetsTest::indentOf).min().orElse(0);
      List<String> dedented = body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
      List<String> files = List.of(start.group(1).trim().split("\\s+"));
      String code = String.join("\n", dedented);
      List<String> used = importsUsedBy(imports, code);
      String text = used.isEmpty() ? code : String.join("\n", used) + "\n\n" + code;
      snippets.add(new Snippet(source + ":" + (i + 1), files, text));
      i = end;
    }
    return snippets;
  }

  /** The imports, in file order, whose simple name the code uses (line comments aside). */
  private static List<String> importsUsedBy(List<String> imports, String code) {
    String uncommented = COMMENT.matcher(code).replaceAll("$1");
    List<String> used = new ArrayList<>();
    for (String line : imports) {
      Matcher m = IMPORT.matcher(line);
      if (m.matches() && Pattern.compile("(?<![\\w.])" + Pattern.quote(m.group(1)) + "\\b").matcher(uncommented).find()) {
        used.add(line.trim());
      }
    }
    return used;
  }

  private static int indentOf(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  private static List<String> javaBlocks(String file) {
    Path path = ROOT.resolve(file);
    assertThat(path).as("a snippet names %s", file).isRegularFile();
    String markdown;
    try {
      markdown = Files.readString(path, StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }
}
