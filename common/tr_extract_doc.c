/*
 * tr_extract_doc.c — Word 97-2003 (.doc) through antiword, else catdoc.
 *
 * The binary Word format is large and undocumented in places; Omega and
 * Recoll read it through external converters, and so do we (Debian
 * packages antiword and catdoc).  antiword comes first: on .doc files
 * saved by Word after many edits (several text pieces, fast saves) catdoc
 * loses its place and prints formatting bytes as text, silently dropping
 * whole tables, while antiword reads them whole and lays tables out cell
 * by cell.  antiword refuses documents whose text stream is small ("too
 * small to handle"), which one-page letters are: those go to catdoc, which
 * reads them well.  Both write UTF-8 with Unicode text intact; runs typed
 * in a legacy font (.VnTime) come out as Windows-1252 characters, which
 * the legacy repair in tr_extract.c turns into Vietnamese.
 *
 * The bytes converted are exactly the bytes that were hashed, even if the
 * file changes meanwhile: antiword reads them from a memory file
 * (memfd), catdoc from its standard input.  The converters run in their
 * own processes; the indexer's sandbox bounds their time through the
 * process group.
 */
#define _GNU_SOURCE   /* memmem, pipe2 */
#include "tr_extract.h"

#include "config.h"
#include "tr_i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(char *err, size_t errsz, const char *msg)
{
    if (errsz)
        snprintf(err, errsz, "%s", msg);
    return TR_EX_FAIL;
}

/* One converter run: argv[0] is the program; data goes to its standard
 * input (in_len may be 0 for none) and, when keep_fd >= 0, that descriptor
 * stays open for it.  Its output (at most max_out bytes) is appended to
 * out, its complaints to errb.  Returns the exit status (0..255), 127 when
 * it could not be run, -1 on a pipe/fork failure, -2 on out-of-memory,
 * -3 when the output is over max_out. */
static int run(const char *const argv[], int keep_fd, const char *in_data, size_t in_len,
               size_t max_out, tr_buf *out, tr_buf *errb)
{
    int in[2], po[2], pe[2];
    if (pipe2(in, O_CLOEXEC))
        return -1;
    if (pipe2(po, O_CLOEXEC)) {
        close(in[0]), close(in[1]);
        return -1;
    }
    if (pipe2(pe, O_CLOEXEC)) {
        close(in[0]), close(in[1]), close(po[0]), close(po[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(in[0]), close(in[1]), close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
        return -1;
    }
    if (pid == 0) {
        if (dup2(in[0], 0) < 0 || dup2(po[1], 1) < 0 || dup2(pe[1], 2) < 0)
            _exit(127);
        if (keep_fd >= 0)
            fcntl(keep_fd, F_SETFD, 0);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    close(po[1]);
    close(pe[1]);
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    /* the converter must not kill us with SIGPIPE when it stops reading */
    struct sigaction ign = {0}, old;
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);

    size_t sent = 0;
    int rc = 0, wfd = in[1], ofd = po[0], efd = pe[0];
    if (in_len == 0) {
        close(wfd);
        wfd = -1;
    }
    char chunk[65536];
    while (ofd >= 0 || efd >= 0) {
        struct pollfd p[3];
        int np = 0, iw = -1, io = -1, ie = -1;
        if (wfd >= 0)
            p[iw = np++] = (struct pollfd){wfd, POLLOUT, 0};
        if (ofd >= 0)
            p[io = np++] = (struct pollfd){ofd, POLLIN, 0};
        if (efd >= 0)
            p[ie = np++] = (struct pollfd){efd, POLLIN, 0};
        if (poll(p, (nfds_t)np, -1) < 0) {
            if (errno == EINTR)
                continue;
            rc = -1;
            break;
        }
        if (iw >= 0 && p[iw].revents) {
            ssize_t k = write(wfd, in_data + sent, in_len - sent);
            if (k > 0)
                sent += (size_t)k;
            if ((k < 0 && errno != EAGAIN && errno != EINTR) || sent == in_len) {
                close(wfd);
                wfd = -1;
            }
        }
        int *fds[2] = {&ofd, &efd};
        int idx[2] = {io, ie};
        tr_buf *bufs[2] = {out, errb};
        for (int k2 = 0; k2 < 2 && rc == 0; k2++) {
            if (idx[k2] < 0 || !p[idx[k2]].revents)
                continue;
            ssize_t k = read(*fds[k2], chunk, sizeof chunk);
            if (k > 0) {
                if (k2 == 0 && out->len + (size_t)k > max_out)
                    rc = -3;
                else if ((k2 == 0 || errb->len < 4096) && tr_buf_add(bufs[k2], chunk, (size_t)k))
                    rc = -2;
            } else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
                close(*fds[k2]);
                *fds[k2] = -1;
            }
        }
        if (rc)
            break;
    }
    if (wfd >= 0)
        close(wfd);
    if (ofd >= 0)
        close(ofd);
    if (efd >= 0)
        close(efd);
    if (rc)
        kill(pid, SIGKILL);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGPIPE, &old, NULL);
    if (rc)
        return rc;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

/* The converter's first line of complaint, for the one-line reason. */
static void first_line(const tr_buf *b, char *out, size_t n)
{
    size_t i = 0;
    const char *s = b->data ? b->data : "";
    while (s[i] && s[i] != '\n' && i + 1 < n) {
        unsigned char c = (unsigned char)s[i];
        out[i] = c < 0x20 ? ' ' : (char)c;
        i++;
    }
    out[i] = '\0';
}

/* antiword draws a table as rows of "|cell |cell |" lines padded to the
 * column widths, a cell of several paragraphs spreading over several
 * lines.  The convention of every reader is one cell per line in document
 * order, so the block is taken apart: a narrow table (three columns at
 * most: the header, the signature block) column by column, so that each
 * cell's paragraphs stay together ("TỈNH ỦY …", "BAN DÂN VẬN", "Số …",
 * then "ĐẢNG CỘNG SẢN VIỆT NAM", "… ngày …"), a wide one (lists of people,
 * figures) line by line, each non-empty cell on its own line. */
static int add_trimmed(tr_buf *o, const char *p, size_t n)
{
    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (!n)
        return 0;
    return tr_buf_add(o, p, n) || tr_buf_addc(o, '\n');
}

static int cells_of(const char *line, size_t n, const char **cell, size_t *len, int max)
{
    int k = 0;
    size_t i = 1;   /* after the leading '|' */
    while (i < n && k < max) {
        size_t e = i;
        while (e < n && line[e] != '|')
            e++;
        if (e >= n)
            break;
        cell[k] = line + i;
        len[k] = e - i;
        k++;
        i = e + 1;
    }
    return k;
}

static int untable(const char *t, size_t n, tr_buf *o)
{
    enum { MAXC = 64 };
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && t[e] != '\n')
            e++;
        if (e == i || t[i] != '|') {
            if (tr_buf_add(o, t + i, e - i) || tr_buf_addc(o, '\n'))
                return -1;
            i = e + 1;
            continue;
        }
        /* a table block: consecutive lines starting with '|' */
        size_t b = i, be = i;
        int ncol = 0;
        while (be < n && t[be] == '|') {
            size_t le = be;
            while (le < n && t[le] != '\n')
                le++;
            const char *c[MAXC];
            size_t cl[MAXC];
            int k = cells_of(t + be, le - be, c, cl, MAXC);
            if (k > ncol)
                ncol = k;
            be = le < n ? le + 1 : le;
        }
        for (int col = 0; col < (ncol <= 3 ? ncol : 1); col++) {
            for (size_t l = b; l < be;) {
                size_t le = l;
                while (le < n && t[le] != '\n')
                    le++;
                const char *c[MAXC];
                size_t cl[MAXC];
                int k = cells_of(t + l, le - l, c, cl, MAXC);
                if (ncol <= 3) {
                    if (col < k && add_trimmed(o, c[col], cl[col]))
                        return -1;
                } else {
                    for (int j = 0; j < k; j++)
                        if (add_trimmed(o, c[j], cl[j]))
                            return -1;
                }
                l = le < n ? le + 1 : le;
            }
        }
        i = be;
    }
    return 0;
}

static unsigned le16(const unsigned char *p) { return p[0] | (unsigned)p[1] << 8; }
static unsigned long le32(const unsigned char *p)
{
    return p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

/* A password-protected .doc still has its WordDocument stream; only the
 * fEncrypted bit of the File Information Block at the stream's start says
 * so, and catdoc would print the ciphertext as text.  The stream's
 * directory entry (128 bytes, sector-aligned in the directory) gives its
 * first sector, where the FIB begins with the magic 0xA5EC ([MS-DOC]
 * 2.5.1: wIdent, then fEncrypted is bit 8 of the flags at offset 0x0A). */
static int doc_encrypted(const unsigned char *d, size_t n)
{
    if (n < 1024)
        return 0;
    unsigned shift = le16(d + 0x1E);
    if (shift != 9 && shift != 12)
        return 0;
    size_t ss = (size_t)1 << shift;
    static const char name[] = "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0\0\0";
    const unsigned char *p = d;
    while ((p = memmem(p, n - (size_t)(p - d), name, sizeof name - 1)) != NULL) {
        size_t pos = (size_t)(p - d);
        if (pos >= ss && (pos - ss) % 128 == 0 && pos + 128 <= n) {
            unsigned long start = le32(d + pos + 0x74);
            if (start < 0xFFFFFFFAul && ((size_t)start + 1) * ss + 12 <= n) {
                const unsigned char *fib = d + ((size_t)start + 1) * ss;
                if (le16(fib) == 0xA5EC)
                    return (le16(fib + 0x0A) & 0x0100) != 0;
            }
        }
        p++;
    }
    return 0;
}

int tr_extract_doc(const char *path, const char *data, size_t len,
                   const tr_extract_opts *o, tr_extracted *x, char *err, size_t errsz)
{
    (void)path;
    x->extractor = "antiword";
    if (doc_encrypted((const unsigned char *)data, len))
        return fail(err, errsz, tr_lmsg("encrypted Word document, skipped"));
    tr_buf out = {0}, errb = {0};
    char line[200], msg[480];
    int rc = -1;
    /* antiword seeks in its input: give it the bytes as a memory file */
    int mfd = memfd_create("tracuu-doc", MFD_CLOEXEC);
    if (mfd >= 0) {
        size_t off = 0;
        while (off < len) {
            ssize_t k = write(mfd, data + off, len - off);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                break;
            off += (size_t)k;
        }
        if (off == len && lseek(mfd, 0, SEEK_SET) == 0) {
            char fdpath[32];
            snprintf(fdpath, sizeof fdpath, "/dev/fd/%d", mfd);
            const char *const av[] = {TR_ANTIWORD, "-m", "UTF-8.txt", "-w", "0", fdpath, NULL};
            rc = run(av, mfd, NULL, 0, o->max_text, &out, &errb);
        }
        close(mfd);
    }
    if (rc == -2 || rc == -3) {
        tr_buf_free(&out);
        tr_buf_free(&errb);
        return rc == -2 ? TR_EX_NOMEM : fail(err, errsz, tr_lmsg("antiword: extracted text too large"));
    }
    if (rc == 0 && out.len) {
        rc = untable(out.data, out.len, &x->text);
        tr_buf_free(&out);
        tr_buf_free(&errb);
        return rc ? TR_EX_NOMEM : TR_EX_OK;
    }
    /* antiword refused (a small text stream, a layout it does not know):
     * catdoc reads those */
    first_line(&errb, line, sizeof line);
    tr_buf_clear(&out);
    tr_buf_clear(&errb);
    x->extractor = "catdoc";
    const char *const cv[] = {TR_CATDOC, "-w", "-d", "utf-8", NULL};
    rc = run(cv, -1, data, len, o->max_text, &x->text, &errb);
    if (rc == 0) {
        snprintf(msg, sizeof msg, tr_lmsg("read by catdoc: antiword said \"%s\""), line[0] ? line : tr_lmsg("nothing"));
        rc = tr_extracted_note(x, msg) ? TR_EX_NOMEM : TR_EX_OK;
    } else if (rc == -2) {
        rc = TR_EX_NOMEM;
    } else if (rc == -3) {
        rc = fail(err, errsz, tr_lmsg("catdoc: extracted text too large"));
    } else {
        char cline[200];
        first_line(&errb, cline, sizeof cline);
        if (rc == 127)
            snprintf(msg, sizeof msg, tr_lmsg("cannot run %s or %s (install the Debian packages "
                     "antiword and catdoc)"), TR_ANTIWORD, TR_CATDOC);
        else
            snprintf(msg, sizeof msg, tr_lmsg("not a valid Word document (antiword: %s; catdoc: %s)"),
                     line[0] ? line : tr_lmsg("failed"), cline[0] ? cline : tr_lmsg("failed"));
        rc = fail(err, errsz, msg);
    }
    tr_buf_free(&out);
    tr_buf_free(&errb);
    return rc;
}
