/*
 * sipe-probe: a headless libpurple front end that drives one pidgin-sipe
 * account from a line protocol (commands on stdin, events on stdout).
 * The protocol itself is documented in interop/README.md; this header only
 * glues the translation units together.
 */
#ifndef SIPE_PROBE_HARNESS_H
#define SIPE_PROBE_HARNESS_H

#include <purple.h>
#include <glib.h>

/* Exit codes: the driver maps these to readable failures. */
enum probe_exit {
	EXIT_CLEAN = 0,      /* quit (command, EOF or SIGTERM), no connection error seen */
	EXIT_RUNTIME = 1,    /* unexpected libpurple failure at runtime */
	EXIT_USAGE = 2,      /* bad command line */
	EXIT_SETUP = 3,      /* libpurple core or prpl-sipe could not be loaded */
	EXIT_CONN_ERROR = 4, /* quit normally, but the account hit a connection error */
};

/* emit.c: one event per line, "EV <name> key="value" ...". */
void emit_begin(const char *name);
void emit_str(const char *key, const char *value);
void emit_int(const char *key, long value);
void emit_end(void);
/* Parses a double-quoted, backslash-escaped string (the same escaping emit uses).
 * Returns a newly allocated string and sets *rest after the closing quote, or NULL. */
gchar *unquote(const char *in, const char **rest);

/* loop.c */
PurpleEventLoopUiOps *probe_loop_ops(void);

/* rooms.c: which ma-chan:// URI belongs to which chat window. */
void rooms_expect(const char *uri);
const char *rooms_uri_of(PurpleConversation *conv);
void rooms_bind(PurpleConversation *conv);
void rooms_forget(PurpleConversation *conv);
PurpleConversation *rooms_find(const char *uri);
PurpleConversation *rooms_current(void);

/* ui.c */
void ui_install(gboolean debug);
void ui_connect_signals(void);
gboolean ui_saw_connection_error(void);

/* buddies.c: buddy list and own status commands. */
gboolean buddies_add(PurpleAccount *account, const char *arg, const char **err);
gboolean buddies_remove(PurpleAccount *account, const char *arg, const char **err);
void buddies_list(PurpleAccount *account);
gboolean buddies_status(PurpleAccount *account, const char *arg, const char **err);

/* commands.c */
void commands_start(PurpleAccount *account, GMainLoop *loop);
void commands_quit(const char *why);

#endif
