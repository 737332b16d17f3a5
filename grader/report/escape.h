/**
 * @file
 * Writers that make any byte string safe inside JSON or XML.
 *
 * Serial output and file names come from student code, so they may hold
 * anything: quotes, "<", control bytes, broken UTF-8.  These writers turn
 * them into valid documents:
 *
 *     input        JSON        XML
 *     "            \"          &quot;
 *     <  >  &      as is       &lt;  &gt;  &amp;
 *     newline      \n          kept (&#10; in attributes)
 *     byte 0x07    \u0007      ?  (XML 1.0 cannot hold it at all)
 *     bad UTF-8    \ufffd      U+FFFD
 */
#ifndef GRADER_ESCAPE_H
#define GRADER_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Length of the valid UTF-8 sequence at @p s (1-4), 0 if invalid. */
size_t utf8_len(const unsigned char *s);

/* @p s as a JSON string literal, quotes included; NULL writes null. */
void json_string(FILE *f, const char *s);

/* @p s escaped for XML text (@p attr false) or a "..." attribute value. */
void xml_escaped(FILE *f, const char *s, bool attr);

#endif /* GRADER_ESCAPE_H */
