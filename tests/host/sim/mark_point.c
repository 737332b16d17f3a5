/**
 * @file
 * Check's mark points, sent once per line instead of once per assertion.
 *
 * Every passing ck_assert() calls _mark_point(file, line), and Check sends
 * that location from the forked test to the runner, so that a test which
 * then crashes or times out can be reported "after this point".  Each
 * message is a write() in the test and an unpack in the runner that moves
 * the rest of its buffer: an assertion inside a loop of a hundred thousand
 * steps made the runner spend more time reading locations than the tests
 * spent testing (lab 3's pressure suite wrote 195,000 of them).
 *
 * The host programs are linked with `-Wl,--wrap=_mark_point` (mk/host.mk),
 * so every call from a test lands here.  The first pass of each line is
 * sent as before; later passes of a line already sent are not.  The
 * location Check reports after a crash is then the last line passed for
 * the first time: exact for straight-line code, and a line of the loop
 * for a test that dies inside one, which is where to look.  A failing
 * assertion does not come through here; its message is unchanged.
 */
#include <stdbool.h>
#include <stdint.h>

/* Lines seen, open addressing; when it is full every mark is sent again. */
#define SEEN_SLOTS 4096

struct seen_line {
	const char *file;
	int line;
};

static struct seen_line seen[SEEN_SLOTS];
static unsigned int nr_seen;

void __real__mark_point(const char *file, int line);
void __wrap__mark_point(const char *file, int line);

/* True the first time (file, line) is asked about; file is a literal. */
static bool first_pass(const char *file, int line)
{
	unsigned int i = (unsigned int)(((uintptr_t)file >> 3) * 31 + (unsigned int)line);

	if (nr_seen >= SEEN_SLOTS * 3 / 4)
		return true;
	for (i %= SEEN_SLOTS; seen[i].file; i = (i + 1) % SEEN_SLOTS)
		if (seen[i].file == file && seen[i].line == line)
			return false;
	seen[i].file = file;
	seen[i].line = line;
	nr_seen++;
	return true;
}

void __wrap__mark_point(const char *file, int line)
{
	if (first_pass(file, line))
		__real__mark_point(file, line);
}
