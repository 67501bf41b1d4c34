#ifndef GAZETTE_CLIBXML2_SHIM_H
#define GAZETTE_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its headers then pull in the system ICU, whose UErrorCode clashes with
   Foundation's private copy on a clean build. We never touch the ICU fields (libraries.md, P1). */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>

/* xmlFree is a macro under LIBXML_THREAD_ALLOC_ENABLED, invisible to Swift (libraries.md, P2). */
static inline void gazette_xmlFree(void *p) { xmlFree(p); }
#endif
