/*
 * Event line writer. Every value is double-quoted and escaped so that one
 * event is always exactly one line, whatever a server puts into a room name
 * or message: \\ \" \n \r \t and \xHH for other control bytes. UTF-8 passes
 * through untouched. stdout is flushed per event because the reader is a
 * pipe and waits for lines.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"

static GString *line;

void emit_begin(const char *name)
{
	if (!line)
		line = g_string_sized_new(256);
	g_string_assign(line, "EV ");
	g_string_append(line, name);
}

static void append_escaped(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '\\': g_string_append(line, "\\\\"); break;
		case '"':  g_string_append(line, "\\\""); break;
		case '\n': g_string_append(line, "\\n"); break;
		case '\r': g_string_append(line, "\\r"); break;
		case '\t': g_string_append(line, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				g_string_append_printf(line, "\\x%02x", *p);
			else
				g_string_append_c(line, (char)*p);
		}
	}
}

void emit_str(const char *key, const char *value)
{
	g_string_append_printf(line, " %s=\"", key);
	append_escaped(value ? value : "");
	g_string_append_c(line, '"');
}

void emit_int(const char *key, long value)
{
	g_string_append_printf(line, " %s=\"%ld\"", key, value);
}

void emit_end(void)
{
	g_string_append_c(line, '\n');
	fwrite(line->str, 1, line->len, stdout);
	fflush(stdout);
}

gchar *unquote(const char *in, const char **rest)
{
	GString *out;
	const char *p = in;

	if (*p++ != '"')
		return NULL;
	out = g_string_new(NULL);
	for (; *p && *p != '"'; p++) {
		if (*p != '\\') {
			g_string_append_c(out, *p);
			continue;
		}
		switch (*++p) {
		case 'n': g_string_append_c(out, '\n'); break;
		case 'r': g_string_append_c(out, '\r'); break;
		case 't': g_string_append_c(out, '\t'); break;
		case '\\': case '"': g_string_append_c(out, *p); break;
		case 'x':
			if (g_ascii_isxdigit(p[1]) && g_ascii_isxdigit(p[2])) {
				g_string_append_c(out, (char)(g_ascii_xdigit_value(p[1]) * 16 + g_ascii_xdigit_value(p[2])));
				p += 2;
				break;
			}
			g_string_free(out, TRUE); /* malformed \x escape */
			return NULL;
		default:
			g_string_free(out, TRUE);
			return NULL;
		}
	}
	if (*p != '"') {
		g_string_free(out, TRUE);
		return NULL;
	}
	if (rest)
		*rest = p + 1;
	return g_string_free(out, FALSE);
}
