package com.moesif.releasecheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What Maven Central and our users need of every published module, read from the POMs and the
 * jars the reactor just built (RELEASING.md). A module is published unless its POM sets {@code
 * moesif.publish.skip} to {@code true}; the list of modules is the root POM's, so a new module is
 * checked the moment it joins the build.
 */
class ReleaseReadinessIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String PARENT = "moesif-java-parent";
  private static final String BOM = "moesif-bom";
  private static final String CHECK = "moesif-release-check";
  /** What Central requires of a POM, as the parent declares it. */
  private static final List<String> METADATA = List.of("url", "licenses", "developers", "scm", "organization");

  private static final Element ROOT_POM = pom(ROOT.resolve("pom.xml"));
  private static final String VERSION = text(ROOT_POM, "version");

  @Test
  void theParentCarriesTheMetadataAndEveryModuleInheritsItUnchanged() {
    assertThat(text(ROOT_POM, "url")).startsWith("https://");
    assertThat(text(child(child(child(ROOT_POM, "licenses"), "license"), "name"), null)).isEqualTo("Apache-2.0");
    assertThat(text(child(child(ROOT_POM, "developers"), "developer"), "name")).isNotBlank();
    Element scm = child(ROOT_POM, "scm");
    assertThat(text(scm, "connection")).startsWith("scm:git:");
    assertThat(text(scm, "url")).isEqualTo(text(ROOT_POM, "url"));
    // Without these, each module would publish the repository's address with its artifactId appended.
    assertThat(ROOT_POM.getAttribute("child.project.url.inherit.append.path")).isEqualTo("false");
    for (String kind : List.of("connection", "developerConnection", "url")) {
      assertThat(scm.getAttribute("child.scm." + kind + ".inherit.append.path")).as(kind).isEqualTo("false");
    }
    assertThat(ROOT.resolve("LICENSE")).content().contains("Apache License", "Version 2.0, January 2004");

    for (Map.Entry<String, Element> module : modules().entrySet()) {
      Element pom = module.getValue();
      if (module.getKey().equals(BOM)) {
        // No parent (its dependencyManagement would leak into every importer): a copy, kept equal.
        assertThat(child(pom, "parent")).as(BOM + " has no parent").isNull();
        assertThat(text(pom, "version")).as(BOM + " version").isEqualTo(VERSION);
        for (String element : METADATA) {
          assertThat(normalized(child(pom, element))).as(BOM + " <" + element + ">").isEqualTo(normalized(child(ROOT_POM, element)));
        }
        continue;
      }
      assertThat(text(child(pom, "parent"), "artifactId")).as(module.getKey() + " parent").isEqualTo(PARENT);
      for (String element : METADATA) {
        assertThat(child(pom, element)).as("%s overrides the parent's <%s>", module.getKey(), element).isNull();
      }
    }
  }

  @Test
  void theBomListsEveryPublishedModuleAndNothingElse() {
    Set<String> published = new TreeSet<>(published().keySet());
    published.remove(BOM);
    Set<String> listed = new TreeSet<>();
    NodeList dependencies = child(child(modules().get(BOM), "dependencyManagement"), "dependencies").getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      assertThat(text(dependency, "groupId")).isEqualTo("com.moesif");
      assertThat(text(dependency, "version")).isEqualTo("${project.version}");
      listed.add(text(dependency, "artifactId"));
    }
    assertThat(listed).as("the artifacts moesif-bom/pom.xml manages").isEqualTo(published);
  }

  @Test
  void everyPublishedModuleIsBuiltBeforeThisCheck() {
    Set<String> dependencies = new TreeSet<>();
    NodeList list = child(pom(ROOT.resolve(CHECK).resolve("pom.xml")), "dependencies").getElementsByTagName("artifactId");
    for (int i = 0; i < list.getLength(); i++) {
      dependencies.add(list.item(i).getTextContent().trim());
    }
    assertThat(dependencies)
        .as("add each published module as a dependency of " + CHECK + "/pom.xml, so the reactor builds it first")
        .containsAll(published().keySet());
  }

  @Test
  void everyPublishedJarHasItsModuleNameTheLicenseAndTheFixedTimestamp() throws IOException {
    byte[] license = Files.readAllBytes(ROOT.resolve("LICENSE"));
    Instant timestamp = Instant.parse(property(ROOT_POM, "project.build.outputTimestamp"));
    Set<String> names = new TreeSet<>();
    for (Map.Entry<String, Element> module : published().entrySet()) {
      if ("pom".equals(text(module.getValue(), "packaging"))) {
        continue;
      }
      String artifactId = module.getKey();
      Path jar = ROOT.resolve(artifactId).resolve("target").resolve(artifactId + "-" + VERSION + ".jar");
      assertThat(jar).as("run the reactor build (./mvnw verify): %s is not built", jar).isRegularFile();
      try (JarFile file = new JarFile(jar.toFile())) {
        String name = file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        assertThat(name).as(artifactId + " Automatic-Module-Name").isEqualTo(property(module.getValue(), "moesif.module.name"));
        assertThat(name).as(artifactId + " Automatic-Module-Name").matches("com\\.moesif(\\.[a-z][a-z0-9]*)+");
        assertThat(names.add(name)).as("two published jars named " + name).isTrue();
        JarEntry entry = file.getJarEntry("META-INF/LICENSE");
        assertThat(entry).as(artifactId + " META-INF/LICENSE").isNotNull();
        try (InputStream in = file.getInputStream(entry)) {
          assertThat(in.readAllBytes()).as(artifactId + " META-INF/LICENSE").isEqualTo(license);
        }
        // Reproducible: every entry carries the configured time, never the build's.
        assertThat(file.stream().map(e -> e.getLastModifiedTime().toInstant()).distinct())
            .as(artifactId + " entry times")
            .containsExactly(timestamp);
      }
    }
    assertThat(property(modules().get(BOM), "project.build.outputTimestamp")).isEqualTo(timestamp.toString());
  }

  @Test
  void unpublishedModulesAreNeverDeployedNorPublished() {
    assertThat(property(ROOT_POM, "moesif.publish.skip")).isEqualTo("false");
    assertThat(property(ROOT_POM, "maven.deploy.skip")).isEqualTo("${moesif.publish.skip}");
    String parent = read(ROOT.resolve("pom.xml"));
    assertThat(parent).contains("<skipPublishing>${moesif.publish.skip}</skipPublishing>");
    for (Map.Entry<String, Element> module : modules().entrySet()) {
      String artifactId = module.getKey();
      boolean example = artifactId.startsWith("moesif-examples") || artifactId.equals("moesif-benchmarks") || artifactId.equals(CHECK);
      if (example) {
        assertThat(property(module.getValue(), "moesif.publish.skip")).as(artifactId + " moesif.publish.skip").isEqualTo("true");
      }
      // Nothing may switch deployment back on behind the property's back.
      assertThat(property(module.getValue(), "maven.deploy.skip")).as(artifactId + " maven.deploy.skip").isNull();
    }
  }

  @Test
  void everyReadmeWritesTheVersionOneWay() throws IOException {
    Pattern version = Pattern.compile("<version>([^<]*)</version>");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT, 2)) {
      for (Path readme : files.filter(f -> f.getFileName().toString().equals("README.md")).sorted().toList()) {
        Matcher m = version.matcher(read(readme));
        while (m.find()) {
          found.add(ROOT.relativize(readme) + ": " + m.group(1));
          assertThat(m.group(1)).as("%s writes the version as %s, not as the build's %s", ROOT.relativize(readme), m.group(1), VERSION).isEqualTo(VERSION);
        }
      }
    }
    assertThat(found).as("README dependency snippets").hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void theReadmeNamesEveryPublicPackageOfEveryPublishedModule() throws IOException {
    String readme = read(ROOT.resolve("README.md"));
    Set<String> packages = new TreeSet<>();
    for (String artifactId : published().keySet()) {
      Path sources = ROOT.resolve(artifactId).resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        files.filter(f -> f.toString().endsWith(".java") && !f.getFileName().toString().equals("package-info.java"))
            .map(f -> sources.relativize(f.getParent()).toString().replace(File.separatorChar, '.'))
            .filter(p -> !p.contains("internal"))
            .forEach(packages::add);
      }
    }
    assertThat(packages).contains("com.moesif.core", "com.moesif.okhttp");
    for (String name : packages) {
      assertThat(readme).as("README.md's install table names the package %s", name).contains("`" + name + "`");
    }
  }

  @Test
  void theChangelogKeepsItsShapeAndHoldsTheBugsTheTestsFound() {
    String changelog = read(ROOT.resolve("CHANGELOG.md"));
    assertThat(changelog).startsWith("# Changelog\n").contains("Keep a Changelog", "\n## [Unreleased]\n", "\n### Bugs these tests found\n");
    List<String> versions = changelog.lines().filter(l -> l.startsWith("## ")).toList();
    assertThat(versions).allMatch(l -> l.equals("## [Unreleased]") || l.matches("## \\[\\d+\\.\\d+\\.\\d+] - \\d{4}-\\d{2}-\\d{2}"));
    // One home for that history: the changelog, not the reliability page.
    assertThat(read(ROOT.resolve("docs/reliability.md"))).doesNotContain("Bugs these tests found");
    assertThat(ROOT.resolve("RELEASING.md")).content().contains("./mvnw -P release -Dgpg.skip verify");
  }

  /** The root POM's modules, by artifactId. */
  private static Map<String, Element> modules() {
    Map<String, Element> modules = new LinkedHashMap<>();
    NodeList list = child(ROOT_POM, "modules").getElementsByTagName("module");
    for (int i = 0; i < list.getLength(); i++) {
      Element pom = pom(ROOT.resolve(list.item(i).getTextContent().trim()).resolve("pom.xml"));
      modules.put(text(pom, "artifactId"), pom);
    }
    return modules;
  }

  /** The modules that reach Maven Central (the parent POM aside). */
  private static Map<String, Element> published() {
    Map<String, Element> published = new LinkedHashMap<>(modules());
    published.values().removeIf(pom -> "true".equals(property(pom, "moesif.publish.skip")));
    assertThat(published).as("published modules").containsKeys(BOM, "moesif-core");
    return published;
  }

  private static Element pom(Path file) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(file.toFile());
      return document.getDocumentElement();
    } catch (Exception e) {
      throw new AssertionError("cannot read " + file + ": " + e, e);
    }
  }

  /** The direct child element named {@code name}, or null. */
  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  /** The trimmed text of {@code element}'s child {@code name} (of {@code element} itself when null), or null. */
  private static String text(Element element, String name) {
    Element target = name == null ? element : child(element, name);
    return target == null ? null : target.getTextContent().trim();
  }

  private static String property(Element pom, String name) {
    Element properties = child(pom, "properties");
    return properties == null ? null : text(properties, name);
  }

  /** An element's content, whitespace and comments aside, to compare two copies. */
  private static String normalized(Element element) {
    if (element == null) {
      return null;
    }
    StringBuilder out = new StringBuilder("<" + element.getTagName() + ">");
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.append(normalized(e));
      } else if (n.getNodeType() == Node.TEXT_NODE) {
        out.append(n.getTextContent().trim());
      }
    }
    return out.append("</").append(element.getTagName()).append(">").toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
