/**
 * @file
 * A tiny SVG writer for the book's figures (tools/book/mkfigures.c).
 *
 * Why our own: the figures are boxes, lines and labels; forty lines of C
 * draw them with no library to install, and the output is plain text that
 * diffs well when a figure changes.
 */
#ifndef BOOK_SVG_H
#define BOOK_SVG_H

#include <stdio.h>

/** Start a figure of @p w x @p h pixels with a @p title (for screen readers). */
FILE *svg_open(const char *path, int w, int h, const char *title);
/** Finish and close the figure. */
int svg_close(FILE *f);
/** A box with a fill colour and a thin black border. */
void svg_rect(FILE *f, double x, double y, double w, double h, const char *fill);
/** A line of text; @p anchor is "start", "middle" or "end". */
void svg_text(FILE *f, double x, double y, const char *anchor, int size, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/** A straight line, dashed when @p dashed is set. */
void svg_line(FILE *f, double x1, double y1, double x2, double y2, int dashed);

#endif
