/*
 * tr_extract_doc.c — Word 97-2003 (.doc) through catdoc.
 *
 * The binary Word format is large and undocumented in places; Omega and
 * Recoll read it through an external converter, and so do we.  catdoc
 * (Debian package catdoc) was chosen over antiword because antiword
 * refuses documents whose text stream is small ("too small to handle"),
 * which one-page letters are, and over wvWare because catdoc writes plain
 * UTF-8 with Unicode text intact.  Runs typed in a legacy font (.VnTime)
 * come out as Windows-1252 characters; the legacy repair in tr_extract.c
 * turns them into Vietnamese.
 *
 * The document is fed on catdoc's standard input from memory, so the
 * bytes converted are exactly the bytes that were hashed, even if the file
 * changes meanwhile.  catdoc runs in its own process (it is one already);
 * the indexer's sandbox bounds its time through the process group.
 */
#define _GNU_SOURCE   /* memmem, pipe2 */
#include "tr_extract.h"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(char *err, size_t errsz, const char *msg)
{
    if (errsz)
        snprintf(err, errsz, "%s", msg);
    return TR_EX_FAIL;
}

/* catdoc's first line of complaint, for the one-line reason. */
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
    x->extractor = "catdoc";
    if (doc_encrypted((const unsigned char *)data, len))
        return fail(err, errsz, "encrypted Word document, skipped");
    int in[2], out[2], er[2];
    if (pipe2(in, O_CLOEXEC))
        return fail(err, errsz, "cannot run catdoc: no pipe");
    if (pipe2(out, O_CLOEXEC)) {
        close(in[0]), close(in[1]);
        return fail(err, errsz, "cannot run catdoc: no pipe");
    }
    if (pipe2(er, O_CLOEXEC)) {
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        return fail(err, errsz, "cannot run catdoc: no pipe");
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        close(er[0]), close(er[1]);
        return fail(err, errsz, "cannot run catdoc: fork failed");
    }
    if (pid == 0) {
        /* -w: no line wrapping (paragraphs stay whole lines), -d utf-8 */
        if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || dup2(er[1], 2) < 0)
            _exit(127);
        execl(TR_CATDOC, "catdoc", "-w", "-d", "utf-8", (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(er[1]);
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    /* catdoc must not kill us with SIGPIPE when it stops reading early */
    struct sigaction ign = {0}, old;
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);

    tr_buf ebuf = {0};
    size_t sent = 0;
    int rc = TR_EX_OK, wfd = in[1], ofd = out[0], efd = er[0];
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
            rc = fail(err, errsz, "catdoc: poll failed");
            break;
        }
        if (iw >= 0 && p[iw].revents) {
            ssize_t k = write(wfd, data + sent, len - sent);
            if (k > 0)
                sent += (size_t)k;
            if ((k < 0 && errno != EAGAIN && errno != EINTR) || sent == len) {
                close(wfd);
                wfd = -1;
            }
        }
        if (io >= 0 && p[io].revents) {
            ssize_t k = read(ofd, chunk, sizeof chunk);
            if (k > 0) {
                if (x->text.len + (size_t)k > o->max_text) {
                    rc = fail(err, errsz, "catdoc: extracted text too large");
                    break;
                }
                if (tr_buf_add(&x->text, chunk, (size_t)k)) {
                    rc = TR_EX_NOMEM;
                    break;
                }
            } else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
                close(ofd);
                ofd = -1;
            }
        }
        if (ie >= 0 && p[ie].revents) {
            ssize_t k = read(efd, chunk, sizeof chunk);
            if (k > 0) {
                if (ebuf.len < 4096 && tr_buf_add(&ebuf, chunk, (size_t)k))
                    rc = TR_EX_NOMEM;
            } else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
                close(efd);
                efd = -1;
            }
        }
    }
    if (wfd >= 0)
        close(wfd);
    if (ofd >= 0)
        close(ofd);
    if (efd >= 0)
        close(efd);
    if (rc != TR_EX_OK)
        kill(pid, SIGKILL);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGPIPE, &old, NULL);
    if (rc == TR_EX_OK && !(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
        char line[200], msg[260];
        first_line(&ebuf, line, sizeof line);
        if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
            snprintf(msg, sizeof msg, "cannot run %s (install the Debian package catdoc)",
                     TR_CATDOC);
        else if (line[0])
            snprintf(msg, sizeof msg, "not a valid Word document (catdoc: %s)", line);
        else
            snprintf(msg, sizeof msg, "not a valid Word document (catdoc failed)");
        rc = fail(err, errsz, msg);
    }
    tr_buf_free(&ebuf);
    return rc;
}
