/**
 * The Java snippets of the READMEs and docs, compiled with the build so they cannot rot. Each
 * block between {@code // snippet: FILE...} and {@code // end snippet} is, once de-indented,
 * exactly a {@code ```java} block of every file it names; {@code ReadmeSnippetsTest} checks it,
 * and that those files have no Java block that is not a snippet here. Never run: the demo jar
 * leaves this package out.
 */
package com.moesif.examples.snippets;
