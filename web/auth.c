/*
 * auth.c — who may search: the --users file and password checks.
 *
 * The file is the htpasswd shape, "user:crypt-hash" per line, so an admin
 * can read it, diff it, and make hashes with `tracuu-web --add-user` or
 * any tool that writes crypt(3) strings (mkpasswd, openssl passwd -6).
 * Hashes are checked with libxcrypt's crypt_r, which knows every scheme
 * by its "$id$" prefix; new ones are yescrypt ("$y$"), Debian's default.
 *
 * Nothing is cached: a check costs one yescrypt (tens of ms), paid by the
 * worker thread that serves the request, which an office tool can afford
 * and which keeps no password-equivalent state in memory.  An unknown
 * user is checked against a dummy hash made at load time, so timing does
 * not tell which names exist, and the final comparison is constant-time.
 *
 * --add-user rewrites the file through a temporary file in the same
 * directory and rename(), so a server reading it never sees half a file,
 * and the file is 0600 from its first byte (mkstemp).
 */
#include "web.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char *name, *hash;
} wb_user;

struct wb_users {
    wb_user *v;
    size_t n;
    char *dummy;      /* a real hash of nothing, for unknown users */
};

/* crypt(3) strings use [./0-9A-Za-z] and '$' separators (yescrypt's
 * parameters too); anything else is not a hash. */
static int hash_ok(const char *h)
{
    if (h[0] != '$')
        return 0;
    for (const char *p = h; *p; p++)
        if (!(*p == '.' || *p == '/' || *p == '$' || (*p >= '0' && *p <= '9') ||
              (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
            return 0;
    return 1;
}

static int name_ok(const char *s)
{
    if (!*s || strlen(s) > 128)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == ':' || *p == 0x7f)
            return 0;
    return 1;
}

/* A fresh yescrypt hash of pass (malloc'd), or NULL. */
static char *make_hash(const char *pass)
{
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt))
        return NULL;
    struct crypt_data *cd = calloc(1, sizeof *cd);   /* ~32 KiB: not on a stack */
    if (!cd)
        return NULL;
    const char *h = crypt_r(pass, salt, cd);
    char *out = h && h[0] == '$' ? strdup(h) : NULL;
    explicit_bzero(cd, sizeof *cd);
    free(cd);
    return out;
}

void wb_users_free(wb_users *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < u->n; i++) {
        free(u->v[i].name);
        free(u->v[i].hash);
    }
    free(u->v);
    free(u->dummy);
    free(u);
}

int wb_users_load(const char *path, wb_users **out, char *err, size_t errlen)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    wb_users *u = calloc(1, sizeof *u);
    char *line = NULL;
    size_t cap = 0, lineno = 0, vcap = 0;
    ssize_t len;
    int rc = -1;
    if (!u) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        const char *p = line + strspn(line, " \t");
        if (*p == '\0' || *p == '#')
            continue;
        char *colon = strchr(line, ':');
        if ((size_t)len != strlen(line)) {
            snprintf(err, errlen, "%s:%zu: NUL byte in the line", path, lineno);
            goto done;
        }
        if (!colon) {
            snprintf(err, errlen, "%s:%zu: not user:hash (no ':')", path, lineno);
            goto done;
        }
        *colon = '\0';
        if (!name_ok(line)) {
            snprintf(err, errlen, "%s:%zu: bad user name (empty, spaces or control characters)",
                     path, lineno);
            goto done;
        }
        if (!hash_ok(colon + 1)) {
            snprintf(err, errlen, "%s:%zu: '%s' has no crypt(3) hash after the ':' "
                     "(make one with tracuu-web --add-user)", path, lineno, line);
            goto done;
        }
        for (size_t i = 0; i < u->n; i++)
            if (strcmp(u->v[i].name, line) == 0) {
                snprintf(err, errlen, "%s:%zu: user '%s' appears twice", path, lineno, line);
                goto done;
            }
        if (u->n == vcap) {
            vcap = vcap ? vcap * 2 : 8;
            wb_user *nv = realloc(u->v, vcap * sizeof *nv);
            if (!nv) {
                snprintf(err, errlen, "out of memory");
                goto done;
            }
            u->v = nv;
        }
        u->v[u->n].name = strdup(line);
        u->v[u->n].hash = strdup(colon + 1);
        u->n++;
        if (!u->v[u->n - 1].name || !u->v[u->n - 1].hash) {
            snprintf(err, errlen, "out of memory");
            goto done;
        }
    }
    if (ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        goto done;
    }
    if (u->n == 0) {
        snprintf(err, errlen, "%s: no users (add one with: tracuu-web --add-user %s NAME)",
                 path, path);
        goto done;
    }
    if (!(u->dummy = make_hash("tracuu: no such user"))) {
        snprintf(err, errlen, "cannot make a yescrypt hash (libxcrypt)");
        goto done;
    }
    rc = 0;
done:
    free(line);
    fclose(f);
    if (rc)
        wb_users_free(u);
    else
        *out = u;
    return rc;
}

/* Equal strings, in a time that depends on a's length only. */
static int ct_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char d = la != lb;
    for (size_t i = 0; i < la; i++)
        d |= (unsigned char)a[i] ^ (unsigned char)(i < lb ? b[i] : 0);
    return d == 0;
}

int wb_users_check(const wb_users *u, const char *user, const char *pass)
{
    const char *hash = u->dummy;
    int known = 0;
    for (size_t i = 0; user && i < u->n; i++)
        if (strcmp(u->v[i].name, user) == 0) {
            hash = u->v[i].hash;
            known = 1;
            break;
        }
    struct crypt_data *cd = calloc(1, sizeof *cd);
    if (!cd)
        return 0;
    const char *h = crypt_r(pass ? pass : "", hash, cd);
    int good = h && h[0] != '*' && ct_equal(h, hash) && known;
    explicit_bzero(cd, sizeof *cd);
    free(cd);
    return good;
}

int wb_users_add(const char *path, const char *name, const char *pass, char *err,
                 size_t errlen)
{
    if (!name_ok(name)) {
        snprintf(err, errlen, "bad user name '%s' (no spaces, ':' or control characters, "
                 "at most 128 bytes)", name);
        return -1;
    }
    if (!*pass) {
        snprintf(err, errlen, "empty password");
        return -1;
    }
    char *hash = make_hash(pass);
    if (!hash) {
        snprintf(err, errlen, "cannot make a yescrypt hash (libxcrypt)");
        return -1;
    }
    tr_buf out = {0};
    int rc = -1, fd = -1, replaced = 0;
    char *tmp = NULL, *line = NULL;
    size_t cap = 0, nlen = strlen(name);
    ssize_t len;
    FILE *f = fopen(path, "r");
    if (!f && errno != ENOENT) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto done;
    }
    /* keep every other line (comments too) where it was; NAME's line is
     * replaced in place, or the new line goes at the end */
    while (f && (len = getline(&line, &cap, f)) >= 0) {
        if (strncmp(line, name, nlen) == 0 && line[nlen] == ':') {
            if (replaced++)
                continue;
            if (tr_buf_adds(&out, name) || tr_buf_addc(&out, ':') ||
                tr_buf_adds(&out, hash) || tr_buf_addc(&out, '\n'))
                goto oom;
            continue;
        }
        if (tr_buf_add(&out, line, (size_t)len))
            goto oom;
        if (line[len - 1] != '\n' && tr_buf_addc(&out, '\n'))
            goto oom;
    }
    if (!replaced && (tr_buf_adds(&out, name) || tr_buf_addc(&out, ':') ||
                      tr_buf_adds(&out, hash) || tr_buf_addc(&out, '\n')))
        goto oom;
    if (!(tmp = malloc(strlen(path) + 16)))
        goto oom;
    sprintf(tmp, "%s.XXXXXX", path);
    if ((fd = mkstemp(tmp)) < 0) {
        snprintf(err, errlen, "%s: cannot create a temporary file: %s", tmp, strerror(errno));
        free(tmp);
        tmp = NULL;
        goto done;
    }
    size_t off = 0;
    while (off < out.len) {
        ssize_t w = write(fd, out.data + off, out.len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
            goto done;
        }
        off += (size_t)w;
    }
    /* A new file is the owner's alone; a file that was there keeps its
     * mode and, where we may, its owner and group: the deployment guide
     * makes it root:tracuu 0640, and a second --add-user as root must not
     * leave the service unable to read it. */
    struct stat st;
    mode_t mode = 0600;
    if (f && fstat(fileno(f), &st) == 0) {
        mode = st.st_mode & 07777;
        if (fchown(fd, st.st_uid, st.st_gid) && errno != EPERM) {
            snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
            goto done;
        }
    }
    if (fchmod(fd, mode) || fsync(fd)) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        goto done;
    }
    if (close(fd)) {
        fd = -1;
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        goto done;
    }
    fd = -1;
    if (rename(tmp, path)) {
        snprintf(err, errlen, "cannot replace %s: %s", path, strerror(errno));
        goto done;
    }
    free(tmp);
    tmp = NULL;
    rc = 0;
    goto done;
oom:
    snprintf(err, errlen, "out of memory");
done:
    if (fd >= 0)
        close(fd);
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    if (f)
        fclose(f);
    free(line);
    if (out.data)
        explicit_bzero(out.data, out.len);
    tr_buf_free(&out);
    free(hash);
    return rc;
}
