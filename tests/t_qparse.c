/* Tests for tr_qparse: the trees the query language parses into, the
 * errors it reports (with the column a user would see), and the Xapian
 * queries the trees compile into. */
#include "tap.h"
#include "tr_qparse.h"

/* Parses q and compares its canonical form with want. */
static void tree(const char *q, const char *want)
{
    tr_qast *a = NULL;
    tr_qerror e;
    char *s = NULL;
    int rc = tr_qparse(q, strlen(q), &a, &e);
    if (rc == -2)
        tap_bail("out of memory");
    if (rc != 0) {
        ok(0, "parse [%s]", q);
        tap_diag("error at col %zu: %s", e.col, e.msg);
        return;
    }
    tr_qast_debug(a, &s);
    is_str(s, want, "tree [%s]", q);
    free(s);
    tr_qast_free(a);
}

/* Parses q (len bytes) expecting a syntax error at byte pos / column col
 * whose message contains what. */
static void err_n(const char *q, size_t len, size_t pos, size_t col, const char *what)
{
    tr_qast *a = NULL;
    tr_qerror e;
    int rc = tr_qparse(q, len, &a, &e);
    ok(rc == -1 && a == NULL, "error for [%.40s]", q);
    if (rc != -1) {
        tr_qast_free(a);
        return;
    }
    is_int(e.pos, pos, "  byte offset");
    is_int(e.col, col, "  column");
    ok(strstr(e.msg, what) != NULL, "  message has '%s'", what);
    if (!strstr(e.msg, what))
        tap_diag("message: %s", e.msg);
}

static void err(const char *q, size_t pos, size_t col, const char *what)
{
    err_n(q, strlen(q), pos, col, what);
}

static void parse_tests(void)
{
    /* words, AND, phrase */
    tree("giải phóng", "(AND giải phóng)");
    tree("  abc  ", "abc");
    tree("\"giải phóng mặt bằng\"", "\"giải phóng mặt bằng\"");
    tree("\xe2\x80\x9cgiải phóng\xe2\x80\x9d x", "(AND \"giải phóng\" x)");
    tree("\"abc\"", "abc");
    tree("a \"\" b", "(AND a b)");
    tree("a \"b , c\"", "(AND a \"b c\")");

    /* precedence: NOT tightest, then AND, then OR */
    tree("a b OR c", "(OR (AND a b) c)");
    tree("a OR b c", "(OR a (AND b c))");
    tree("a OR b OR c", "(OR a b c)");
    tree("NOT a b", "(AND (NOT a) b)");
    tree("b -a", "(AND b (NOT a))");
    tree("a -b OR c", "(OR (AND a (NOT b)) c)");
    tree("(a OR b) c", "(AND (OR a b) c)");
    tree("a (b c)", "(AND a b c)");
    tree("x -(a OR b)", "(AND x (NOT (OR a b)))");
    tree("x (-a -b)", "(AND x (NOT a) (NOT b))");
    tree("--a", "a");
    tree("x -\"a b\"", "(AND x (NOT \"a b\"))");
    tree("a or b not c", "(AND a or b not c)");
    tree("a Or b", "(AND a Or b)");

    /* hyphens */
    tree("kinh-tế xã-hội", "(AND kinh-tế xã-hội)");
    tree("a - b", "(AND a b)");
    tree("a -", "a");
    tree("43-CT/TW", "43-CT/TW");

    /* fields in both languages, values */
    tree("tinh:quang-ngai", "tinh:\"quang-ngai\"");
    tree("province:\"Quảng Ngãi\" x", "(AND tinh:\"Quảng Ngãi\" x)");
    tree("tỉnh:quang-ngai", "tinh:\"quang-ngai\"");
    tree("TINH:kien-giang", "tinh:\"kien-giang\"");
    tree("ti\xcc\x89nh:x", "tinh:\"x\"");   /* NFD field name */
    tree("nam:2019..2021 year:2020", "(AND nam:\"2019..2021\" nam:\"2020\")");
    tree("coquan:\"ban dân vận\" body:x", "(AND coquan:\"ban dân vận\" coquan:\"x\")");
    tree("loai:bao-cao type:KH", "(AND loai:\"bao-cao\" loai:\"KH\")");
    tree("so:246-CV/TU number:1", "(AND so:\"246-CV/TU\" so:\"1\")");
    tree("trich:\"43 ct/tw\" cites:43-CT/TW", "(AND trich:\"43 ct/tw\" trich:\"43-CT/TW\")");
    tree("năm:2020", "nam:\"2020\"");
    tree("số:1 trích:2 cơquan:x", "(AND so:\"1\" trich:\"2\" coquan:\"x\")");
    tree("tinh:a OR tinh:b", "(OR tinh:\"a\" tinh:\"b\")");
    tree("(tinh:a)", "tinh:\"a\"");
    tree("x -tinh:a", "(AND x (NOT tinh:\"a\"))");
    tree("tinh:quang-ngai nam:2020", "(AND tinh:\"quang-ngai\" nam:\"2020\")");

    /* colons that are not fields */
    tree("10:30 họp", "(AND 10:30 họp)");
    tree("như sau: abc", "(AND như sau: abc)");
    tree("Điều 5: x", "(AND Điều 5: x)");
    tree(":abc", ":abc");
    tree("a2:b", "a2:b");
}

static void error_tests(void)
{
    err("", 0, 1, "empty query");
    err("   ", 0, 1, "empty query");
    err(" ... , ; ", 0, 1, "empty query");
    err("\"\"", 0, 1, "empty query");
    err("-abc", 0, 1, "nothing to search for");
    err("NOT abc", 0, 1, "nothing to search for");
    err("-a -b", 0, 1, "nothing to search for");
    err("-tinh:quang-ngai", 0, 1, "nothing to search for");
    err("a OR -b", 5, 6, "nothing to search for");
    err("-b OR a", 0, 1, "nothing to search for");
    err("a OR", 2, 3, "dangling OR");
    err("a OR OR b", 2, 3, "dangling OR");
    err("(a OR) b", 3, 4, "dangling OR");
    err("OR a", 0, 1, "OR needs a term before it");
    err("a NOT", 2, 3, "NOT needs a term after it");
    err("a -(", 3, 4, "unbalanced parenthesis");
    /* unbalanced quotes: the column is in characters, not bytes */
    err("giải \"phóng mặt", 7, 6, "unbalanced quote");
    err("abc \xe2\x80\x9c""def", 4, 5, "unbalanced quote");
    err("tinh:\"quảng", 5, 6, "unbalanced quote");
    /* NFD: combining marks take no column */
    err("gia\xcc\x89i \"x", 7, 6, "unbalanced quote");
    /* parentheses */
    err("(a b", 0, 1, "unbalanced parenthesis");
    err("x ((a) b", 2, 3, "unbalanced parenthesis");
    err("a b)", 3, 4, "')' without '('");
    err("a ()", 2, 3, "empty parentheses");
    /* fields */
    err("x foo:bar", 2, 3, "unknown field 'foo:'; known: tinh, nam, coquan, loai, so, trich");
    err("ẩn:x", 0, 1, "unknown field 'ẩn:'");
    err("tinh: quang-ngai", 0, 1, "missing value after 'tinh:'");
    err("a nam:", 2, 3, "missing value");
    err("tinh:(a)", 0, 1, "missing value");
    err("tinh:\"  \"", 6, 7, "empty value");
    /* invalid UTF-8 at its first bad byte */
    err("abc \xff def", 4, 5, "invalid UTF-8 at byte 4");
    err("ả\xc3", 3, 2, "invalid UTF-8");
    err("\xc0\x80", 0, 1, "invalid UTF-8");      /* overlong NUL */
    err("\xed\xa0\x80", 0, 1, "invalid UTF-8");  /* surrogate */
    err_n("a\0b", 3, 1, 2, "NUL");

    /* limits */
    {
        size_t n = 5000, i;
        char *q = malloc(2 * n + 1);
        for (i = 0; i < n; i++)
            memcpy(q + 2 * i, "a ", 2);
        q[2 * n] = 0;
        err(q, 2000, 2001, "more than 1000 terms");   /* the 1001st term */
        free(q);
        q = malloc(20001);
        memset(q, 'a', 20000);
        q[20000] = 0;
        err(q, 10000, 10001, "query too long");
        free(q);
        /* 1000 terms are fine */
        q = malloc(2000 + 1);
        for (i = 0; i < 1000; i++)
            memcpy(q + 2 * i, "b ", 2);
        q[2000] = 0;
        tr_qast *a = NULL;
        tr_qerror e;
        is_int(tr_qparse(q, 2000, &a, &e), 0, "1000 terms parse");
        tr_qast_free(a);
        free(q);
    }
    {
        char q[400];
        size_t i, k = 0;
        for (i = 0; i < 64; i++)
            q[k++] = '(';
        q[k++] = 'a';
        for (i = 0; i < 64; i++)
            q[k++] = ')';
        q[k] = 0;
        tree(q, "a");
        k = 0;
        for (i = 0; i < 65; i++)
            q[k++] = '(';
        q[k++] = 'a';
        for (i = 0; i < 65; i++)
            q[k++] = ')';
        q[k] = 0;
        err(q, 64, 65, "nested too deeply");
        k = 0;
        q[k++] = 'x';
        for (i = 0; i < 70; i++) {
            memcpy(q + k, " NOT", 4);
            k += 4;
        }
        memcpy(q + k, " y", 3);
        err(q, 2 + 4 * 64, 3 + 4 * 64, "nested too deeply");
    }
}

int main(void)
{
    parse_tests();
    error_tests();
    return tap_done();
}
