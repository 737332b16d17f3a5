/**
 * @file
 * How long each job of a grade took last time: the order jobs get a CPU.
 *
 * A lab's boots and host suites wait for a CPU slot (session.h); the
 * order they get one decides how long the grade takes.  Two CPUs and the
 * jobs of lab 3 (seconds of CPU, Bochs):
 *
 * @verbatim
 *   1g boot 1.35   900m boot 1.35   pressure 1.03   buddy 0.82
 *   api 0.76       boot suite 0.68  64m boot 0.44
 *
 *   whoever asks first   pressure started 3.35 s in and ran alone:
 *                        the grade took 4.4 s (measured)
 *   longest first        1.35 + 1.03 + 0.68 = 3.06 s on one CPU, 1.35 +
 *                        0.82 + 0.76 + 0.44 = 3.37 s on the other, after
 *                        the build (the arithmetic of the list)
 * @endverbatim
 *
 * Longest first needs the lengths before the jobs run: each grade writes
 * the seconds of its jobs into the cache directory (a file "timings",
 * lines "KEY SECONDS"), and the next grade reads them.  A job never seen
 * gets its caller's guess.  The numbers are wall seconds of this machine
 * and only ever order the queue: no verdict depends on them.
 */
#ifndef GRADER_TIMINGS_H
#define GRADER_TIMINGS_H

/** timings_load() - Read @p path (a missing or broken file: no history). */
void timings_load(const char *path);

/** timings_get() - The seconds @p key took last time, or @p guess. */
double timings_get(const char *key, double guess);

/** timings_put() - Remember that @p key took @p seconds now. */
void timings_put(const char *key, double seconds);

/** timings_save() - Write them all to @p path (atomically: a rename). */
void timings_save(const char *path);

#endif /* GRADER_TIMINGS_H */
