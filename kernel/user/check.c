/**
 * @file
 * What UCHECK() and UCHECK_EQ() (user.h) do when a check fails: say where,
 * then end the program with status 1, which the kernel's test reports.
 *
 * The line starts with the program's name, never with "not ok": the TAP
 * parser reading the same console must not take it for a test result.
 */
#include <user.h>

void __ucheck_failed(const char *prog, const char *file, int line,
		     const char *expr)
{
	printf("%s: check failed at %s:%d: %s\n", prog, file, line, expr);
	exit(1);
}

void __ucheck_eq_failed(const char *prog, const char *file, int line,
			const char *a_expr, const char *b_expr,
			unsigned long a, unsigned long b)
{
	printf("%s: check failed at %s:%d: %s == %s (0x%lx != 0x%lx)\n",
	       prog, file, line, a_expr, b_expr, a, b);
	exit(1);
}
