/*
 * tr_i18n.h — translated messages.
 *
 * The library never prints, so mostly the programs' strings are marked
 * (the one exception: the query errors the library returns, tr_lmsg):
 * _("…") for a message translated where it is used, N_("…") for a string
 * stored in a table and translated when printed, ngettext for counted
 * nouns.  The catalogs are po/LL.po (GNU gettext); built without NLS,
 * every macro gives back the English text.
 *
 * tr_i18n_init() sets the locale from the environment (LANG, LC_ALL,
 * LANGUAGE) and binds the catalog directory: LOCALEDIR from configure,
 * or $TRACUU_LOCALEDIR so the tests can run uninstalled programs against
 * a catalog built from po/vi.po.
 *
 * A fresh Debian has no vi_VN.UTF-8 locale generated, only C.UTF-8; then
 * LANG=vi_VN.UTF-8 would fall back to the C locale, where the C library
 * ignores LANGUAGE and prints English.  The language asked for is still
 * known, so in that case the program runs under C.UTF-8 and gettext is
 * told the language through LANGUAGE (unless the user set it).
 */
#ifndef TR_I18N_H
#define TR_I18N_H

#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* The programs get LOCALEDIR from configure; the library's files that
 * only use tr_lmsg (and the fuzz builds of them) may not. */
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/share/locale"
#endif

/* ENABLE_NLS comes from config.h; a file that forgot it would quietly
 * print English (watch.c did, under LANGUAGE=vi). */
#ifndef PACKAGE
#error "include config.h before tr_i18n.h"
#endif

#if ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#define gettext(s) (s)
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#define textdomain(d) ((void)0)
#define bindtextdomain(d, dir) ((void)0)
#define bind_textdomain_codeset(d, c) ((void)0)
#endif
#define N_(s) (s)

/* Messages the library hands back (query errors): looked up in the
 * package's own catalog, so a Vietnamese user reads the parser's reason in
 * Vietnamese too.  The library still never prints; it only returns the
 * message in the language the program chose with tr_i18n_init(). */
#if ENABLE_NLS
#define tr_lmsg(s) dgettext(PACKAGE, s)
#else
#define tr_lmsg(s) (s)
#endif

static inline void tr_i18n_init(void)
{
    if (!setlocale(LC_ALL, "")) {
        static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
        const char *want = NULL, *lang = getenv("LANGUAGE");
        for (size_t i = 0; i < 3 && !want; i++) {
            const char *v = getenv(vars[i]);
            if (v && *v)
                want = v;
        }
        setlocale(LC_ALL, "C.UTF-8");
        if (want && (!lang || !*lang)) {
            char buf[32];
            size_t n = 0;
            while (want[n] && want[n] != '.' && want[n] != '@' && n + 1 < sizeof buf)
                n++;
            memcpy(buf, want, n);
            buf[n] = '\0';
            setenv("LANGUAGE", buf, 1); /* set but empty counts as unset */
        }
    }
    /* Numbers stay "1.5", never "1,5": machine output (JSON, --stats)
     * must not change with the language. */
    setlocale(LC_NUMERIC, "C");
#if ENABLE_NLS
    const char *dir = getenv("TRACUU_LOCALEDIR");
    bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
    /* Load the catalog now, while the program has one thread: tracuu-index
     * forks its sandboxed readers from worker threads, and a reader forked
     * while another thread was loading the catalog (its first lookup, under
     * gettext's lock) waited on that lock forever.  "" is the header entry,
     * in every catalog. */
    (void)gettext("");
#endif
}

#endif
