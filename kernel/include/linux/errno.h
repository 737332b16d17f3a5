/**
 * @file
 * Error numbers, with Linux's values.  Functions return 0 or -ERRNO.
 */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#define EPERM    1
#define ENOENT   2
#define ENOEXEC  8
#define EBADF    9
#define EIO      5
#define E2BIG    7
#define ENOMEM  12
#define EFAULT  14
#define EBUSY   16
#define EEXIST  17
#define EINVAL  22
#define ENOSPC  28
#define ERANGE  34
#define ENOSYS  38

#endif /* _LINUX_ERRNO_H */
