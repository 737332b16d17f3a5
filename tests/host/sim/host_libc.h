/**
 * @file
 * The C library's names that clash with the kernel's headers, settled
 * once: the build force-includes this file (gcc -include) into every test
 * and sim source compiled for the host.
 *
 * linux/sched.h defines the wait-status macros (W_EXITCODE, WIFEXITED ...), as Linux
 * reports a process's end; glibc's stdlib.h and sys/wait.h define them
 * too, differently spelled.  A test that includes <stdlib.h> and then
 * linux/highmem.h (which reaches linux/sched.h through linux/wait.h) would
 * redefine them, an error under -Werror.  Here the libc headers come
 * first, and the macros are then spelled exactly as linux/sched.h spells
 * them, so its definitions repeat these token for token (allowed).  Both
 * mean the same for any status waitpid() returns for an exited or killed
 * child, which is all the tests look at.
 */
#ifndef _SIM_HOST_LIBC_H
#define _SIM_HOST_LIBC_H

#include <stdlib.h>
#include <sys/wait.h>

#undef W_EXITCODE
#undef WIFEXITED
#undef WEXITSTATUS
#undef WIFSIGNALED
#undef WTERMSIG
#define W_EXITCODE(ret, sig)  (((ret) << 8) | (sig))
#define WIFEXITED(status)     (((status) & 0x7f) == 0)
#define WEXITSTATUS(status)   (((status) >> 8) & 0xff)
#define WIFSIGNALED(status)   (((status) & 0x7f) != 0)
#define WTERMSIG(status)      ((status) & 0x7f)

#endif /* _SIM_HOST_LIBC_H */
