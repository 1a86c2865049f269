/* fuzz_rtf — the RTF reader: any bytes give a clean failure or valid,
 * bounded UTF-8 text.  A small max_text makes the limit path reachable. */
#include "fuzz_extract.h"

int tr_fuzz_rtf(const uint8_t *data, size_t size);

int tr_fuzz_rtf(const uint8_t *data, size_t size)
{
    tr_extract_opts o;
    tr_extract_opts_default(&o);
    o.max_text = size & 1 ? 4096 : 1u << 20;
    tr_extracted x = {0};
    char err[256] = "";
    int rc = tr_extract_rtf((const char *)data, size, &o, &x, err, sizeof err);
    tr_fuzz_check_extracted(rc, &x, err, o.max_text);
    tr_extracted_free(&x);
    return 0;
}
TR_FUZZ_ENTRY(tr_fuzz_rtf)
