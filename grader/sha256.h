/**
 * @file
 * SHA-256 (FIPS 180-4), for the key of the grader's object cache.
 *
 * Why a cryptographic hash for a cache key: the key stands for "these
 * exact kit files, this exact compiler"; two different kits must never
 * share cached objects, by accident or by a file crafted to collide, so a
 * weak checksum (CRC, FNV) will not do.  Streaming use:
 *
 *     struct sha256 h;
 *     sha256_init(&h);
 *     sha256_add(&h, "ab", 2);
 *     sha256_add(&h, "c", 1);
 *     sha256_hex(&h, hex);     hex = "ba7816bf...f20015ad" (SHA-256 of "abc")
 */
#ifndef GRADER_SHA256_H
#define GRADER_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_LEN 64	/* the digest as lowercase hex, no NUL */

struct sha256 {
	uint32_t h[8];		/* the running hash */
	uint8_t block[64];	/* bytes not yet hashed */
	size_t used;		/* how many of block[] are filled */
	uint64_t bytes;		/* message length so far */
};

void sha256_init(struct sha256 *s);
void sha256_add(struct sha256 *s, const void *data, size_t n);

/* Finish, and write the digest as SHA256_HEX_LEN hex digits plus a NUL. */
void sha256_hex(struct sha256 *s, char out[SHA256_HEX_LEN + 1]);

#endif /* GRADER_SHA256_H */
