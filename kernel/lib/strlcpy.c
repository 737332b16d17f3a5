/**
 * @file
 * strlcpy() and glob_match(): small string helpers shared with the host build.
 */
#include <linux/string.h>

/**
 * strlcpy() - Copy a string into a fixed-size buffer, always terminated.
 * @param dst   destination buffer
 * @param src   NUL-terminated source
 * @param size  size of @p dst in bytes
 * @return strlen(src); a result >= @p size means the copy was truncated.
 */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/**
 * glob_match() - Match a string against a shell-style pattern.
 * @param pat  pattern: `*` matches any run of characters, `?` any one
 * @param str  the string to test
 * @return true on a match.  Used by `ktest.filter=lab3.split.*`.
 */
bool glob_match(const char *pat, const char *str)
{
	const char *star = NULL, *resume = NULL;

	while (*str) {
		if (*pat == '*') {
			star = pat++;	/* remember where to back up to */
			resume = str;
		} else if (*pat == '?' || *pat == *str) {
			pat++;
			str++;
		} else if (star) {
			pat = star + 1;	/* let the star swallow one more char */
			str = ++resume;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}
