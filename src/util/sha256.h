#ifndef LP_UTIL_SHA256_H
#define LP_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* FIPS 180-4 SHA-256, for the lock manifest (no crypto dependency needed). */
typedef struct lp_sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char block[64];
	size_t fill;
} lp_sha256;

void lp_sha256_init(lp_sha256 *c);
void lp_sha256_update(lp_sha256 *c, const void *data, size_t len);
void lp_sha256_final(unsigned char out[32], lp_sha256 *c);
/* Writes 64 lowercase hex digits and a NUL into `hex`. */
void lp_sha256_hex(char hex[65], const void *data, size_t len);
/*
 * Semi-private (tests): 1 to hash with the CPU's SHA extensions when it has
 * them (the default), 0 for the portable code, -1 to only ask; returns
 * whether the extensions are in use. Not to be called while hashing.
 */
int lp_sha256__accelerated(int on);

#endif
