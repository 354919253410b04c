/*
 * LD_PRELOAD fix for the Debian 12 libxml2 SAX1 regression
 * (2.9.14+dfsg-1.3~deb12u4 and later; see docs/xccos.md §7).
 *
 * What breaks: pidgin-sipe parses every XML body through one static
 * xmlSAXHandler that is stamped XML_SAX2_MAGIC but only fills in the SAX1
 * element callbacks (startElement/endElement) plus characters, error and
 * serror. Upstream libxml2 sees "magic but no *Ns callbacks" and runs the
 * SAX1 element path. The patched Debian builds instead take the SAX2 path,
 * find no startElementNs, and call nothing: every document sipe receives
 * (provisioning, all XCCOS replies) comes out empty and group chat never
 * starts.
 *
 * The fix: for exactly that handler shape, hand libxml2 a copy that says
 * it is a plain SAX1 handler (initialized = 1). Then no build can choose
 * the SAX2 path, and the SAX1 callbacks run.
 *
 * Why it is harmless when the bug is absent: a correct libxml2 already
 * treats that handler shape as SAX1, so the relabelled copy selects the same
 * code path. The only field a SAX1-labelled handler loses is serror; sipe
 * also sets the classic error callback, which libxml2 then uses, so parse
 * errors are still reported. Handlers with any *Ns callback, or with no
 * element callback at all, are passed through untouched, as are all other
 * libxml2 entry points. The copy lives on the stack for the duration of the
 * call; libxml2 does not keep the pointer after the parse returns.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <libxml/parser.h>

typedef int (*parse_memory_fn)(xmlSAXHandlerPtr, void *, const char *, int);

static int sax1_only(const xmlSAXHandler *h)
{
	return h && h->initialized == XML_SAX2_MAGIC &&
	       h->startElementNs == NULL && h->endElementNs == NULL &&
	       (h->startElement != NULL || h->endElement != NULL);
}

int xmlSAXUserParseMemory(xmlSAXHandlerPtr sax, void *user_data, const char *buffer, int size)
{
	static parse_memory_fn next;
	xmlSAXHandler relabelled;

	if (!next) {
		next = (parse_memory_fn)dlsym(RTLD_NEXT, "xmlSAXUserParseMemory");
		if (!next) {
			fputs("libxml2-sax1-fix: xmlSAXUserParseMemory not found in libxml2\n", stderr);
			abort();
		}
	}
	if (!sax1_only(sax))
		return next(sax, user_data, buffer, size);
	relabelled = *sax;
	relabelled.initialized = 1; /* any value other than XML_SAX2_MAGIC means SAX1 */
	return next(&relabelled, user_data, buffer, size);
}
