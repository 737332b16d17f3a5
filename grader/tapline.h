/**
 * @file tapline.h
 * @brief Recognising single serial lines: harness lines, nonce tags, TAP
 *        result lines, and the text of an oops or panic.
 *
 * Pure functions over one line; the state machine that gives the lines
 * meaning lives in serial.c.
 */
#ifndef GRADER_TAPLINE_H
#define GRADER_TAPLINE_H

#include <stdbool.h>

enum tag_status {
	TAG_OK,		/* ends with " n=NONCE" of this boot (now stripped) */
	TAG_NONE,	/* no " n=..." at the end */
	TAG_WRONG,	/* " n=..." with another nonce */
};

/* A parsed "ok 3 - lab0.x # SKIP why" (pointers into the line). */
struct tap_result_line {
	bool ok;
	long num;
	char *id;
	char *directive;	/* "SKIP why", "TODO", or NULL */
};

/* Lines only the harness may print: they need the nonce. */
bool tl_is_harness(const char *line);

/*
 * Check the nonce tag at the end of @p line; on TAG_OK cut the tag (and a
 * "#" left dangling before it) off the line in place.
 */
enum tag_status tl_untag(char *line, const char *nonce);

/* "# ktest: nonce=HEX ..." header: its tag is nonce=, not n=. */
bool tl_is_header(const char *line);
bool tl_header_nonce_ok(const char *line, const char *nonce);

/* Parse an untagged result line in place; false if malformed. */
bool tl_parse_result(char *line, struct tap_result_line *r);

/* First line of an oops, panic or CPU exception report. */
bool tl_is_crash(const char *line);

/* A directive that makes an "ok" a skip ("SKIP", "skip: why"...). */
bool tl_is_skip(const char *directive);

#endif /* GRADER_TAPLINE_H */
