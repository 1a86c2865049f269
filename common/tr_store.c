/* tr_store — see tr_store.h for the record format and why it exists. */
#include "tr_store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int tr_store_begin(tr_buf *out)
{
    out->len = 0;
    return tr_buf_add(out, TR_STORE_MAGIC, strlen(TR_STORE_MAGIC));
}

int tr_store_field(tr_buf *out, const char *key, const char *value)
{
    if (!value)
        return 0;
    size_t start = out->len;
    if (tr_buf_add(out, key, strlen(key)) || tr_buf_add(out, "\t", 1) ||
        tr_buf_add(out, value, strlen(value)) || tr_buf_add(out, "\n", 1))
        return -1;
    /* A tab or newline inside the value would break the line format. */
    for (size_t i = start + strlen(key) + 1; i + 1 < out->len; i++)
        if (out->data[i] == '\t' || out->data[i] == '\n' || out->data[i] == '\r')
            out->data[i] = ' ';
    return 0;
}

int tr_store_finish(tr_buf *out, const char *text, size_t len, int level)
{
    if (tr_buf_add(out, "\n", 1))
        return -1;
    uLong bound = compressBound((uLong)len);
    if (tr_buf_reserve(out, bound))
        return -1;
    uLongf zlen = bound;
    if (compress2((Bytef *)out->data + out->len, &zlen, (const Bytef *)text,
                  (uLong)len, level) != Z_OK)
        return -1;
    out->len += zlen;
    out->data[out->len] = '\0';
    return 0;
}

int tr_record_parse(const char *data, size_t len, tr_record *rec)
{
    memset(rec, 0, sizeof *rec);
    size_t mlen = strlen(TR_STORE_MAGIC);
    if (len < mlen || memcmp(data, TR_STORE_MAGIC, mlen) != 0)
        return -1;
    size_t cap = 0, i = mlen;
    while (i < len && data[i] != '\n') {
        const char *nl = memchr(data + i, '\n', len - i);
        if (!nl)
            return tr_record_free(rec), -1;
        const char *tab = memchr(data + i, '\t', (size_t)(nl - (data + i)));
        if (!tab)
            return tr_record_free(rec), -1;
        if (rec->n == cap) {
            cap = cap ? cap * 2 : 16;
            tr_store_kv *kv = realloc(rec->kv, cap * sizeof *kv);
            if (!kv)
                return tr_record_free(rec), -2;
            rec->kv = kv;
        }
        tr_store_kv *e = &rec->kv[rec->n++];
        e->key = data + i;
        e->key_len = (size_t)(tab - (data + i));
        e->value = tab + 1;
        e->value_len = (size_t)(nl - (tab + 1));
        i = (size_t)(nl - data) + 1;
    }
    if (i >= len)
        return tr_record_free(rec), -1;
    rec->z = (const unsigned char *)data + i + 1;
    rec->zlen = len - i - 1;
    return 0;
}

void tr_record_free(tr_record *rec)
{
    free(rec->kv);
    memset(rec, 0, sizeof *rec);
}

char *tr_record_get(const tr_record *rec, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i < rec->n; i++)
        if (rec->kv[i].key_len == kl && memcmp(rec->kv[i].key, key, kl) == 0) {
            char *v = malloc(rec->kv[i].value_len + 1);
            if (v) {
                memcpy(v, rec->kv[i].value, rec->kv[i].value_len);
                v[rec->kv[i].value_len] = '\0';
            }
            return v;
        }
    return NULL;
}

int tr_record_text(const tr_record *rec, char **text, size_t *len)
{
    /* Stream-inflate: the uncompressed size is not stored, and guessing a
     * bound would fail on highly compressible text. */
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit(&zs) != Z_OK)
        return -2;
    size_t cap = rec->zlen * 4 + 64, n = 0;
    char *out = malloc(cap + 1);
    if (!out) {
        inflateEnd(&zs);
        return -2;
    }
    zs.next_in = (Bytef *)rec->z;
    zs.avail_in = (uInt)rec->zlen;
    int rc;
    do {
        if (n == cap) {
            cap *= 2;
            char *p = realloc(out, cap + 1);
            if (!p) {
                free(out);
                inflateEnd(&zs);
                return -2;
            }
            out = p;
        }
        zs.next_out = (Bytef *)out + n;
        zs.avail_out = (uInt)(cap - n);
        rc = inflate(&zs, Z_NO_FLUSH);
        n = cap - zs.avail_out;
    } while (rc == Z_OK || (rc == Z_BUF_ERROR && zs.avail_out == 0));
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        free(out);
        return -1;
    }
    out[n] = '\0';
    *text = out;
    *len = n;
    return 0;
}

int tr_tp_add(tr_buf *out, size_t pos, size_t off, size_t *last)
{
    if (pos % TR_TP_STEP)
        return 0;
    char num[32];
    int k;
    if (out->len == 0) {
        k = snprintf(num, sizeof num, "%d", TR_TP_STEP);
        if (tr_buf_add(out, num, (size_t)k))
            return -1;
        *last = 0;
    }
    k = snprintf(num, sizeof num, " %zu", off - *last);
    *last = off;
    return tr_buf_add(out, num, (size_t)k);
}

int tr_record_checkpoints(const tr_record *rec, size_t *step, size_t **off, size_t *n)
{
    *off = NULL;
    *n = 0;
    *step = 0;
    const tr_store_kv *kv = NULL;
    for (size_t i = 0; i < rec->n && !kv; i++)
        if (rec->kv[i].key_len == 2 && memcmp(rec->kv[i].key, "tp", 2) == 0)
            kv = &rec->kv[i];
    if (!kv)
        return 0;
    const char *p = kv->value, *e = kv->value + kv->value_len;
    size_t cap = 1, cnt = 0, v = 0, at = 0;
    for (const char *q = p; q < e; q++)
        cap += *q == ' ';
    size_t *o = malloc(cap * sizeof *o);
    if (!o)
        return -2;
    int first = 1, digits = 0;
    for (;; p++) {
        if (p < e && *p >= '0' && *p <= '9') {
            if (v > (SIZE_MAX - 9) / 10)
                break;
            v = v * 10 + (size_t)(*p - '0');
            digits = 1;
            continue;
        }
        if (!digits || (p < e && *p != ' '))
            break;
        if (first) {
            *step = v;
            first = 0;
        } else {
            at += v;
            o[cnt++] = at;
        }
        v = 0;
        digits = 0;
        if (p == e) {
            if (*step == 0)
                break;
            *off = o;
            *n = cnt;
            return 0;
        }
    }
    free(o);
    *step = 0;
    return -1;
}
