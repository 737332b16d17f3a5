/*
 * tools/book/svg.c - the SVG primitives the figures are made of (see svg.h).
 * Coordinates are printed with one decimal so the files are stable.
 */
#include "svg.h"

#include <stdarg.h>

FILE *svg_open(const char *path, int w, int h, const char *title)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return NULL;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n", w, h, w, h);
	fprintf(f, "<title>%s</title>\n", title);
	fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>\n", w, h);
	return f;
}

int svg_close(FILE *f)
{
	fprintf(f, "</svg>\n");
	return fclose(f);
}

void svg_rect(FILE *f, double x, double y, double w, double h, const char *fill)
{
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"fill=\"%s\" stroke=\"black\" stroke-width=\"0.8\"/>\n", x, y, w, h, fill);
}

void svg_text(FILE *f, double x, double y, const char *anchor, int size, const char *fmt, ...)
{
	va_list ap;

	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">",
		x, y, anchor, size);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fprintf(f, "</text>\n");
}

void svg_line(FILE *f, double x1, double y1, double x2, double y2, int dashed)
{
	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"%s/>\n",
		x1, y1, x2, y2, dashed ? " stroke-dasharray=\"4 3\"" : "");
}
