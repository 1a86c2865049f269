/*
 * tr_meta_sidecar — metadata the user supplies: "FILE.meta" next to FILE.
 *
 * One small file per document was chosen over a directory-wide CSV: it
 * travels with the document when folders are reorganised, needs no
 * quoting rules, and an error points at one file and one line.  The whole
 * sidecar is validated before anything is applied, so a bad line leaves
 * the extracted metadata untouched (and the indexer skips the document
 * with that line's message rather than index half-trusted metadata).
 */
#include "config.h"
#include "tr_meta.h"
#include "tr_i18n.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tr_cite.h"
#include "tr_meta_int.h"
#include "tr_normalize.h"
#include "tr_utf8.h"

#define SIDECAR_MAX (64 * 1024)
#define VALUE_MAX 1000

static const struct {
    const char *key, *alias;
} keys[] = {
    {"number", "so"}, {"type", "loai"},     {"title", "tieude"}, {"body", "coquan"},
    {"province", "tinh"}, {"date", "ngay"}, {"year", "nam"},     {"signer", "nguoiky"},
    {"signed-for", "thaymat"},
};
#define NKEYS 9

static tr_field *field_of(tr_meta *m, int k)
{
    tr_field *f[NKEYS] = {&m->number, &m->type, &m->title, &m->body,
                          &m->province, &m->date, &m->year, &m->signer, &m->signed_for};
    return f[k];
}

static int parse_date(const char *v, char out[11])
{
    unsigned y, mo, d;
    char tail;
    if (sscanf(v, "%4u-%2u-%2u%c", &y, &mo, &d, &tail) == 3 ||
        sscanf(v, "%2u/%2u/%4u%c", &d, &mo, &y, &tail) == 3) {
        static const unsigned md[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (y >= 1900 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= md[mo - 1]) {
            char tmp[40];
            snprintf(tmp, sizeof tmp, "%04u-%02u-%02u", y, mo, d);
            memcpy(out, tmp, 11);
            return 0;
        }
    }
    return -1;
}

#define FAIL(...)                                                    \
    do {                                                             \
        snprintf(err, errsz, "%s:%zu: ", label, lineno);             \
        size_t used_ = strlen(err);                                  \
        snprintf(err + used_, errsz - used_, __VA_ARGS__);           \
        goto fail;                                                   \
    } while (0)

int tr_meta_apply_sidecar_text(const char *label, const char *text, size_t len,
                               tr_meta *m, char *err, size_t errsz)
{
    char *val[NKEYS] = {0};
    size_t lineno = 0;
    if (!tr_utf8_valid(text, len)) {
        snprintf(err, errsz, tr_lmsg("%s: not valid UTF-8 text"), label);
        return -1;
    }
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        lineno++;
        const char *p = text + i;
        size_t n = e - i;
        i = e + 1;
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        while (n && (*p == ' ' || *p == '\t'))
            p++, n--;
        if (n == 0 || *p == '#')
            continue;
        const char *colon = memchr(p, ':', n);
        if (!colon)
            FAIL(tr_lmsg("expected \"key: value\""));
        size_t kl = (size_t)(colon - p);
        while (kl && (p[kl - 1] == ' ' || p[kl - 1] == '\t'))
            kl--;
        char key[64];
        if (kl == 0 || kl >= sizeof key)
            FAIL(tr_lmsg("missing or overlong key"));
        memcpy(key, p, kl);
        key[kl] = '\0';
        char *fk = tr_slug(key);
        if (!fk)
            goto oom;
        int k = -1;
        for (int j = 0; j < NKEYS; j++)
            if (strcmp(fk, keys[j].key) == 0 || strcmp(fk, keys[j].alias) == 0)
                k = j;
        free(fk);
        if (k < 0)
            FAIL(tr_lmsg("unknown key \"%s\" (known: number, type, title, body, province, "
                 "date, year, signer, signed_for, or in Vietnamese so, loai, tieude, "
                 "coquan, tinh, ngay, nam, nguoiky, thaymat)"), key);
        const char *v = colon + 1;
        size_t vl = n - (size_t)(v - p);
        while (vl && (*v == ' ' || *v == '\t'))
            v++, vl--;
        if (vl == 0)
            FAIL(tr_lmsg("empty value for \"%s\""), key);
        if (vl > VALUE_MAX)
            FAIL(tr_lmsg("value for \"%s\" longer than %d bytes"), key, VALUE_MAX);
        if (val[k])
            FAIL(tr_lmsg("\"%s\" given twice"), key);
        char raw[VALUE_MAX + 1];
        memcpy(raw, v, vl);
        raw[vl] = '\0';
        const char *use = raw;
        char buf[TR_CANON_MAX > 16 ? TR_CANON_MAX : 16];
        const tr_province *pv;
        switch (k) {
        case 0:
            if (tr_cite_canonical(raw, buf) != 0)
                FAIL(tr_lmsg("\"%s\" is not a document number"), raw);
            use = buf;
            break;
        case 1:
            if (tr_type_canonical(raw))
                use = tr_type_canonical(raw);
            break;
        case 3:
        case 8:   /* signed_for: named like a body */
            if (tr_body_canonical(raw))
                use = tr_body_canonical(raw);
            break;
        case 4:
            if (!(pv = tr_province_find(raw)))
                FAIL(tr_lmsg("unknown province \"%s\""), raw);
            use = pv->name;
            break;
        case 5:
            if (parse_date(raw, buf))
                FAIL(tr_lmsg("bad date \"%s\" (want YYYY-MM-DD or D/M/YYYY)"), raw);
            use = buf;
            break;
        case 6: {
            char *end;
            long y = strtol(raw, &end, 10);
            if (*end || y < 1900 || y > 2100)
                FAIL(tr_lmsg("bad year \"%s\" (want 1900..2100)"), raw);
            break;
        }
        default:
            break;
        }
        if (!(val[k] = strdup(use)))
            goto oom;
    }
    /* A date implies its year unless the year is given too. */
    if (val[5] && !val[6] && !(val[6] = strndup(val[5], 4)))
        goto oom;
    if (val[5] && val[6] && strncmp(val[5], val[6], 4) != 0) {
        snprintf(err, errsz, tr_lmsg("%s: date %s and year %s disagree"), label, val[5], val[6]);
        goto fail;
    }
    /* A type or body the text's own number implied goes with that number:
     * a new number implies its own (unless the sidecar names them too). */
    if (val[0])
        for (int k = 1; k <= 3; k += 2) {
            tr_field *f = field_of(m, k);
            if (!val[k] && f->value && f->src == TR_SRC_NUMBER) {
                free(f->value);
                f->value = NULL;
            }
        }
    for (int k = 0; k < NKEYS; k++) {
        if (!val[k])
            continue;
        tr_field *f = field_of(m, k);
        free(f->value);
        f->value = val[k];
        f->src = TR_SRC_SIDECAR;
    }
    if (m->number.value && m->number.src == TR_SRC_SIDECAR &&
        trm_own_number_found(m->number.value, TR_SRC_SIDECAR, m)) {
        snprintf(err, errsz, tr_lmsg("%s: out of memory"), label);
        return -1;
    }
    return 0;
oom:
    snprintf(err, errsz, tr_lmsg("%s: out of memory"), label);
fail:
    for (int k = 0; k < NKEYS; k++)
        free(val[k]);
    return -1;
}

int tr_meta_apply_sidecar(const char *doc_path, tr_meta *m, char *err, size_t errsz)
{
    size_t pl = strlen(doc_path);
    char *path = malloc(pl + 6);
    if (!path) {
        snprintf(err, errsz, tr_lmsg("%s.meta: out of memory"), doc_path);
        return -1;
    }
    memcpy(path, doc_path, pl);
    memcpy(path + pl, ".meta", 6);
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR) {
            free(path);
            return 1;
        }
        snprintf(err, errsz, tr_lmsg("%s: cannot read: %s"), path, strerror(e));
        free(path);
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errsz, tr_lmsg("%s: not a regular file"), path);
        fclose(f);
        free(path);
        return -1;
    }
    if (st.st_size > SIDECAR_MAX) {
        snprintf(err, errsz, tr_lmsg("%s: sidecar larger than %d bytes"), path, SIDECAR_MAX);
        fclose(f);
        free(path);
        return -1;
    }
    char *buf = malloc(SIDECAR_MAX + 1);
    size_t n = buf ? fread(buf, 1, SIDECAR_MAX + 1, f) : 0;
    int rc;
    if (!buf) {
        snprintf(err, errsz, tr_lmsg("%s: out of memory"), path);
        rc = -1;
    } else if (ferror(f)) {
        snprintf(err, errsz, tr_lmsg("%s: read error"), path);
        rc = -1;
    } else if (n > SIDECAR_MAX) {
        snprintf(err, errsz, tr_lmsg("%s: sidecar larger than %d bytes"), path, SIDECAR_MAX);
        rc = -1;
    } else {
        rc = tr_meta_apply_sidecar_text(path, buf, n, m, err, errsz);
    }
    free(buf);
    fclose(f);
    free(path);
    return rc;
}
