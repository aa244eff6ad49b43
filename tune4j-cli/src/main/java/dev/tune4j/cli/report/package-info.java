/**
 * Training reports: PNG charts drawn with Java2D ({@link dev.tune4j.cli.report.Charts}) and a
 * self-contained HTML page ({@link dev.tune4j.cli.report.HtmlReport}) that opens offline.
 *
 * <p>Rendering is headless and uses only the JDK, so reports can be produced on servers with no display
 * and no network. Every file is written to a temporary sibling and renamed, so a reader never sees a
 * half-written report.
 */
package dev.tune4j.cli.report;
