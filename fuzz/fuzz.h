/*
 * fuzz.h — the fuzz targets share one shape: a function tr_fuzz_NAME()
 * that takes arbitrary bytes and aborts on any broken invariant, so that
 * the same code runs under libFuzzer (`make fuzz`) and in the quick test
 * suite, which replays every seed and every crash ever found
 * (tests/t_fuzz_replay.c).
 */
#ifndef TR_FUZZ_H
#define TR_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int tr_fuzz_tokenize(const uint8_t *data, size_t size);
int tr_fuzz_cite(const uint8_t *data, size_t size);
int tr_fuzz_meta(const uint8_t *data, size_t size);
int tr_fuzz_qparse(const uint8_t *data, size_t size);
int tr_fuzz_legacy(const uint8_t *data, size_t size);
int tr_fuzz_rtf(const uint8_t *data, size_t size);
int tr_fuzz_html(const uint8_t *data, size_t size);
int tr_fuzz_ooxml(const uint8_t *data, size_t size);
int tr_fuzz_qs(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c) \
    do {              \
        if (!(c))     \
            abort();  \
    } while (0)

#ifdef TR_LIBFUZZER
#define TR_FUZZ_ENTRY(fn)                                              \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);      \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)       \
    {                                                                  \
        return fn(data, size);                                         \
    }
#else
#define TR_FUZZ_ENTRY(fn)
#endif

#endif
