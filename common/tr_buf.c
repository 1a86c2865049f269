/* tr_buf — see tr_buf.h. */
#include "tr_buf.h"

#include <stdlib.h>
#include <string.h>

int tr_buf_reserve(tr_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2)
            return -1;
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int tr_buf_add(tr_buf *b, const char *s, size_t n)
{
    if (tr_buf_reserve(b, n))
        return -1;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int tr_buf_adds(tr_buf *b, const char *s)
{
    return tr_buf_add(b, s, strlen(s));
}

int tr_buf_addc(tr_buf *b, char c)
{
    return tr_buf_add(b, &c, 1);
}

void tr_buf_clear(tr_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void tr_buf_free(tr_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
