/*
 * tr_schema — how a document is laid out in the Xapian index.  The indexer
 * writes it, the searcher reads it; both include this file and nothing
 * else knows the prefixes.  Follows Omega's conventions (Q unique id,
 * Y year, S title; custom prefixes start with X).
 *
 *   (none)  exact key of a body word, with positions
 *   XF      folded key of a body word, with positions
 *   S       exact key of a title word (weighted higher), XFS its folded key
 *   Z       English Snowball stem of a foreign word (Omega's Z)
 *   Q       unique id: "Q" + hex hash of the file's absolute path
 *   XN      own number, canonical ("XN43-CT/TW")
 *   XC      cited number, canonical and, for local numbers with a known
 *           province, also scoped ("XC22-CT/TU@quang-ngai")
 *   XP      province slug          Y   year "2020"
 *   XB      body slug, and the slug of the organ signed for when the
 *           signature names another ("XBtinh-uy", "XBban-thuong-vu-tinh-uy")
 *           so that coquan: matches either; the body value slot holds the
 *           body alone
 *   XT      type slug
 *   XD      date "YYYYMMDD"
 *   XM      format read, by content ("XMdocx", "XMpdf", "XMtxt")
 *   XE      legacy encoding the text was converted from ("XEtcvn3")
 *   XPATH   boolean path term is not stored (paths can exceed term length);
 *           the path lives in the document data.
 *
 * Values (sortable, and counted for facets):
 */
#ifndef TR_SCHEMA_H
#define TR_SCHEMA_H

#define TR_SLOT_YEAR      0   /* "2020" */
#define TR_SLOT_DATE      1   /* "20210208"; year-only documents "20200000" */
#define TR_SLOT_PROVINCE  2   /* display name "Quảng Ngãi" */
#define TR_SLOT_BODY      3   /* "Ban Dân vận Tỉnh ủy" */
#define TR_SLOT_TYPE      4   /* "Báo cáo" */
#define TR_SLOT_SIZE      5   /* file size, decimal  (incremental indexing) */
#define TR_SLOT_MTIME     6   /* change stamp: mtime "s.ns", "@aN" the analysis
                                 version, "+s.ns:size" of a sidecar */
#define TR_SLOT_HASH      7   /* content hash, hex */
#define TR_SLOT_PATH      8   /* absolute path (UTF-8 bytes as on disk) */
#define TR_SLOT_SORTKEY  10   /* date (8 chars, blank-padded) + unique id:
                                 the sort value, a total order whatever
                                 the layout (one database or shards) */
#define TR_SLOT_SIGNED_FOR 9  /* organ signed for, only when it is not the
                                 body: the body facet counts both, as
                                 coquan: matches both */
#define TR_SLOT_FACETS   11   /* the facet values of slots 2, 0, 3, 4, 9
                                 (province, year, body, type, signed for)
                                 joined by TR_FACET_SEP, empty fields kept:
                                 facets counted with one value read per
                                 document (tr_db_search's facets_packed) */

#define TR_PFX_FOLD      "XF"
#define TR_PFX_TITLE     "S"
#define TR_PFX_TITLE_FOLD "XFS"
#define TR_PFX_STEM      "Z"
#define TR_PFX_ID        "Q"
#define TR_PFX_NUMBER    "XN"
#define TR_PFX_CITE      "XC"
#define TR_PFX_PROVINCE  "XP"
#define TR_PFX_YEAR      "Y"
#define TR_PFX_BODY      "XB"
#define TR_PFX_TYPE      "XT"
#define TR_PFX_DATE      "XD"
#define TR_PFX_FORMAT    "XM"
#define TR_PFX_ENCODING  "XE"

/* Schema version stored as database metadata "tracuu.schema". */
#define TR_SCHEMA_VERSION "1"

/* Version of what is read off a document: extraction, metadata, citations,
 * tokens.  Each document's change stamp (TR_SLOT_MTIME) carries the one it
 * was read with, and tracuu-index reads a file again when it differs, so
 * an index catches up with a better analysis on its next run instead of
 * keeping old titles and types until its files change.  Raise it with any
 * change to what the analysis produces; 1 is every index made before it
 * existed.  History: 2 — titles start with a capital (2026-11-29). */
#define TR_ANALYSIS_VERSION "2"

/* Xapian's hard limit on a term is 245 bytes; longer ones are cut. */
#define TR_TERM_MAX 240

#endif
