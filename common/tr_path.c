/* tr_path — see tr_path.h. */
#include "tr_path.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

uint64_t tr_fnv1a64(const void *data, size_t n)
{
    const unsigned char *s = data;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    return h;
}

void tr_uid(const char *abspath, char out[TR_UID_SIZE])
{
    snprintf(out, TR_UID_SIZE, "Q%016" PRIx64, tr_fnv1a64(abspath, strlen(abspath)));
}

char *tr_abspath(const char *path)
{
    char *s;
    if (path[0] == '/') {
        s = strdup(path);
    } else {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd))
            return NULL;
        while (path[0] == '.' && path[1] == '/')
            path += 2;
        if (strcmp(path, ".") == 0)
            path = "";
        size_t n = strlen(cwd) + strlen(path) + 2;
        if (!(s = malloc(n)))
            return NULL;
        snprintf(s, n, "%s%s%s", cwd, *path ? "/" : "", path);
    }
    if (!s)
        return NULL;
    /* "dir/" and "dir" must be the same root. */
    size_t l = strlen(s);
    while (l > 1 && s[l - 1] == '/')
        s[--l] = '\0';
    return s;
}

char *tr_default_db(void)
{
    const char *e = getenv("TRACUU_DB");
    if (e && *e)
        return strdup(e);
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char buf[4096];
    if (xdg && *xdg)
        snprintf(buf, sizeof buf, "%s/tracuu/db", xdg);
    else if (home && *home)
        snprintf(buf, sizeof buf, "%s/.local/share/tracuu/db", home);
    else
        return NULL;
    return strdup(buf);
}
