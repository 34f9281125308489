/*
 * The fuzz harnesses: each defines LLVMFuzzerTestOneInput, which
 * libFuzzer calls (make fuzz) and replay.c calls for each file of the
 * harness's corpus (make check).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#endif /* FUZZ_H */
