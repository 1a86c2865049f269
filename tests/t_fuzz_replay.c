/* t_fuzz_replay — every fuzz seed and every crash ever found, replayed
 * through the same functions libFuzzer drives (the fuzz_NAME.c files).  A broken
 * invariant aborts, which the TAP driver reports as an error. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/fuzz.h"
#include "tap.h"

static const struct {
    const char *name;
    int (*fn)(const uint8_t *, size_t);
} targets[] = {{"tokenize", tr_fuzz_tokenize},
               {"cite", tr_fuzz_cite},
               {"meta", tr_fuzz_meta},
               {"qparse", tr_fuzz_qparse},
               {"legacy", tr_fuzz_legacy},
               {"rtf", tr_fuzz_rtf},
               {"html", tr_fuzz_html},
               {"ooxml", tr_fuzz_ooxml}, {"qs", tr_fuzz_qs}};

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(void)
{
    const char *top = getenv("top_srcdir");
    size_t files = 0;
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        static const char *const kinds[] = {"corpus", "crashes"};
        for (int k = 0; k < 2; k++) {
            char dir[4096];
            snprintf(dir, sizeof dir, "%s/fuzz/%s/%s", top ? top : "..", kinds[k],
                     targets[t].name);
            struct dirent **ents;
            int n = scandir(dir, &ents, NULL, by_name);
            if (n < 0) {
                ok(k == 1, "%s exists", dir);
                continue;
            }
            for (int i = 0; i < n; i++) {
                char path[8192];
                snprintf(path, sizeof path, "%s/%s", dir, ents[i]->d_name);
                FILE *f = ents[i]->d_name[0] == '.' ? NULL : fopen(path, "rb");
                free(ents[i]);
                if (!f)
                    continue;
                static uint8_t buf[1 << 20];
                size_t len = fread(buf, 1, sizeof buf, f);
                fclose(f);
                uint8_t *copy = malloc(len ? len : 1);  /* exact size: ASan sees overreads */
                memcpy(copy, buf, len);
                targets[t].fn(copy, len);
                free(copy);
                files++;
                ok(1, "%s: %s/%s", targets[t].name, kinds[k], path + strlen(dir) + 1);
            }
            free(ents);
        }
    }
    ok(files >= 40, "%zu inputs replayed", files);
    return tap_done();
}
